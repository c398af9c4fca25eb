package io.imagegate.provider;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;

import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What every HTTP provider adapter does with an upstream answer: classify failures, read JSON, read image URLs. */
public final class UpstreamHttp {

    private static final Pattern EXPIRY = Pattern.compile("[?&]exp=(\\d{9,12})");

    private UpstreamHttp() {
    }

    /**
     * The JSON of a 200, or the failure it stands for: 5xx and 429 are retryable (429 {@code inflight_limit}
     * rests the key), 422 is a content rejection, any other 4xx is refused for good (never failed over).
     */
    public static JsonObject json(String upstream, HttpResponse<Buffer> response) {
        int status = response.statusCode();
        if (status == 200) {
            try {
                return response.bodyAsJsonObject();
            } catch (DecodeException | ClassCastException e) {
                throw new ProviderException("provider_error", upstream + " answered 200 with a body that is not JSON.", false);
            }
        }
        JsonObject body = safeJson(response);
        String detail = Optional.ofNullable(body.getValue("error")).map(Object::toString)
                .or(() -> Optional.ofNullable(body.getString("detail")))
                .orElse("HTTP " + status);
        Long retryAfter = retryAfter(response.getHeader("Retry-After"));
        if (status == 429 && "inflight_limit".equals(body.getString("reject_reason"))) {
            throw ProviderException.keyAtLimit(upstream + " has too many images in flight for this key.", retryAfter);
        }
        if (status == 429 || status >= 500) {
            throw ProviderException.retryable("provider_error", upstream + " answered " + status + ": " + detail, retryAfter);
        }
        if (status == 422) {
            throw ProviderException.contentRejected(upstream + " rejected the request's content: " + detail);
        }
        throw new ProviderException("provider_error", upstream + " refused the request (" + status + "): " + detail, false);
    }

    /** A connection that failed before any answer: retryable on this route or another. */
    public static ProviderException unreachable(String upstream, Throwable e) {
        if (e instanceof ProviderException p) {
            return p;
        }
        return ProviderException.retryable("provider_error", upstream + " could not be reached: "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), null);
    }

    public static String contentType(String url) {
        String path = URI.create(url).getPath().toLowerCase(Locale.ROOT);
        if (path.endsWith(".jpg") || path.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        return path.endsWith(".webp") ? "image/webp" : "image/png";
    }

    /** When a signed URL stops working, if it says so ({@code exp=} unix seconds, as Ideogram's do). */
    public static Instant expiresAt(String url) {
        Matcher m = EXPIRY.matcher(url);
        return m.find() ? Instant.ofEpochSecond(Long.parseLong(m.group(1))) : null;
    }

    private static JsonObject safeJson(HttpResponse<Buffer> response) {
        try {
            JsonObject body = response.bodyAsJsonObject();
            return body == null ? new JsonObject() : body;
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
