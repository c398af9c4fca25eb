package io.imagegate.compat.openai;

import io.imagegate.api.ErrorDialect;
import io.imagegate.error.ApiException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;
import java.util.regex.Pattern;

/** OpenAI's error shape on the /v1 routes: {@code {"error": {"message", "type", "param", "code"}}}. */
@ApplicationScoped
public class OpenAiErrors implements ErrorDialect {

    @RegisterForReflection
    public record Body(Detail error) {
    }

    @RegisterForReflection
    public record Detail(String message, String type, String param, String code) {
    }

    /** The gateway's field names that an OpenAI client knows by another name. */
    private static final Map<String, String> CLIENT_NAMES = Map.of("num_images", "n", "mask_image", "mask",
            "reference_images", "image");
    private static final Pattern OPERATION = Pattern.compile(" for operation '[a-z_]+'");

    /** The client's own field name: {@code n}, not {@code num_images}; {@code image}, not {@code reference_images[1]}. */
    static String clientParam(String param) {
        if (param == null) {
            return null;
        }
        String field = param.replaceAll("\\[\\d+]$", "");
        return CLIENT_NAMES.getOrDefault(field, param);
    }

    /** The message in the client's words: its field names, and no mention of the gateway's internal operations. */
    static String clientMessage(String message) {
        String out = OPERATION.matcher(message).replaceAll("");
        for (Map.Entry<String, String> name : CLIENT_NAMES.entrySet()) {
            out = out.replace("'" + name.getKey() + "'", "'" + name.getValue() + "'");
        }
        return out;
    }

    @Override
    public boolean handles(String path) {
        return path.startsWith("/v1/");
    }

    @Override
    public Response render(ApiException e) {
        String type = switch (e.status()) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 400, 402, 409, 413, 415, 422 -> "invalid_request_error";
            default -> "server_error";
        };
        String code = "content_rejected".equals(e.type()) ? "content_policy_violation" : e.type();
        Response.ResponseBuilder builder = Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new Body(new Detail(clientMessage(e.getMessage()), type, clientParam(e.param()), code)));
        if (e.retryAfterSeconds() != null) {
            builder.header("Retry-After", e.retryAfterSeconds());
        }
        return builder.build();
    }
}
