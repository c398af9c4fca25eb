package io.imagegate.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagegate.auth.Caller;
import io.imagegate.support.Sha256;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HexFormat;

/**
 * The official OpenAI SDKs retry a request that timed out or met a 5xx, without an Idempotency-Key, counting in
 * {@code X-Stainless-Retry-Count}. A retry of the same request (same API key, same body) attaches to the task the
 * earlier attempt started, running or completed, instead of starting and billing another; it starts new work only
 * when that task failed or was canceled. Underneath it is an idempotency key made from the request: the first
 * attempt (count 0) is a new request and takes the key over, so the same prompt sent again later is new work.
 */
@ApplicationScoped
public class SdkRetries {

    private static final String PREFIX = "sdk-retry:";

    private final IdempotencyRepository idempotency;
    private final ObjectMapper json;

    SdkRetries(IdempotencyRepository idempotency, ObjectMapper json) {
        this.idempotency = idempotency;
        this.json = json;
    }

    /** The idempotency key for this attempt of an SDK request; {@code attempt} is its X-Stainless-Retry-Count. */
    public Uni<String> keyFor(Caller caller, ObjectNode request, int attempt) {
        String key = PREFIX + fingerprint(request);
        IdempotencyRepository.Key stored = new IdempotencyRepository.Key(caller.keyId(), key);
        return (attempt == 0 ? idempotency.forget(stored) : idempotency.forgetIfItsTaskFailed(stored)).replaceWith(key);
    }

    /** The attempt count an SDK sent, or null when the header is absent or not a count. */
    public static Integer attempt(String header) {
        try {
            int attempt = header == null ? -1 : Integer.parseInt(header.trim());
            return attempt >= 0 ? attempt : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String fingerprint(ObjectNode request) {
        try {
            return HexFormat.of().formatHex(Sha256.of(json.writeValueAsString(request)), 0, 24);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
