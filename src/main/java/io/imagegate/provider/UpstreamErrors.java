package io.imagegate.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

import java.util.Optional;

/**
 * How every upstream's REST client turns an answer other than 200 into the failure it stands for: 5xx and 429 are
 * retryable (429 {@code inflight_limit} rests the key), 422 is a content rejection, any other 4xx is refused for good
 * (never failed over).
 */
public final class UpstreamErrors implements ResponseExceptionMapper<ProviderException> {

    private final String upstream;

    public UpstreamErrors(String upstream) {
        this.upstream = upstream;
    }

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status != 200;
    }

    @Override
    public ProviderException toThrowable(Response response) {
        int status = response.getStatus();
        if (status < 100) {
            return ProviderException.retryable("provider_error", upstream
                    + " could not be reached: the connection closed before an answer.", null);
        }
        JsonObject body = body(response);
        String detail = Optional.ofNullable(body.getValue("error")).map(Object::toString)
                .or(() -> Optional.ofNullable(body.getString("detail")))
                .orElse("HTTP " + status);
        Long retryAfter = retryAfter(response.getHeaderString("Retry-After"));
        if (status == 429 && "inflight_limit".equals(body.getString("reject_reason"))) {
            return ProviderException.keyAtLimit(upstream + " has too many images in flight for this key.", retryAfter);
        }
        if (status == 429 || status >= 500) {
            return ProviderException.retryable("provider_error", upstream + " answered " + status + ": " + detail, retryAfter);
        }
        if (status == 422) {
            return ProviderException.contentRejected(upstream + " rejected the request's content: " + detail);
        }
        return new ProviderException("provider_error", upstream + " refused the request (" + status + "): " + detail, false);
    }

    /**
     * What a failed call of {@code upstream} stands for, when it is not already classified: a 200 that is not JSON,
     * or no answer at all (no connection, a timeout), which is retryable on this route or another.
     */
    public static ProviderException classify(String upstream, Throwable e) {
        if (e instanceof ProviderException p) {
            return p;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonProcessingException || t instanceof DecodeException) {
                return new ProviderException("provider_error", upstream + " answered 200 with a body that is not JSON.", false);
            }
        }
        Throwable cause = e instanceof ProcessingException && e.getCause() != null ? e.getCause() : e;
        return ProviderException.retryable("provider_error", upstream + " could not be reached: "
                + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), null);
    }

    private static JsonObject body(Response response) {
        try {
            String text = response.readEntity(String.class);
            return text == null || text.isBlank() ? new JsonObject() : new JsonObject(text);
        } catch (RuntimeException e) {
            return new JsonObject();
        }
    }

    private static Long retryAfter(String header) {
        try {
            return header == null ? null : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
