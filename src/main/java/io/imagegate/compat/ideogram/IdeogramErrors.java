package io.imagegate.compat.ideogram;

import io.imagegate.api.ErrorDialect;
import io.imagegate.error.ApiException;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Ideogram's error bodies on /ideogram routes: {@code {"detail"}}, {@code {"error"}} for 422, {@code reject_reason} for 402/429. */
@ApplicationScoped
public class IdeogramErrors implements ErrorDialect {

    @Override
    public boolean handles(String path) {
        return path.startsWith("/ideogram/");
    }

    @Override
    public Response render(ApiException e) {
        JsonObject body = switch (e.status()) {
            case 422 -> new JsonObject().put("error", e.getMessage());
            case 402 -> new JsonObject().put("detail", e.getMessage()).put("reject_reason", "insufficient_funds");
            case 429 -> new JsonObject().put("error", e.getMessage()).put("reject_reason", e.type());
            default -> new JsonObject().put("detail", e.getMessage());
        };
        Response.ResponseBuilder builder = Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(body.encode());
        if (e.retryAfterSeconds() != null) {
            builder.header("Retry-After", e.retryAfterSeconds());
        }
        return builder.build();
    }
}
