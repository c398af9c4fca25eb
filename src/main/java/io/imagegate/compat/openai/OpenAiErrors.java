package io.imagegate.compat.openai;

import io.imagegate.api.ApiException;
import io.imagegate.api.ErrorDialect;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** OpenAI's error shape on the /v1 routes: {@code {"error": {"message", "type", "param", "code"}}}. */
@ApplicationScoped
public class OpenAiErrors implements ErrorDialect {

    @RegisterForReflection
    public record Body(Detail error) {
    }

    @RegisterForReflection
    public record Detail(String message, String type, String param, String code) {
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
                .entity(new Body(new Detail(e.getMessage(), type, e.param(), code)));
        if (e.retryAfterSeconds() != null) {
            builder.header("Retry-After", e.retryAfterSeconds());
        }
        return builder.build();
    }
}
