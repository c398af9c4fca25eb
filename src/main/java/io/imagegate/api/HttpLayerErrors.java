package io.imagegate.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagegate.error.ApiException;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The refusals the HTTP layer makes before any resource runs (a body over the size limit, a URI too long) get the
 * one error shape in the route's dialect instead of an empty body. URIs are limited here rather than by the HTTP
 * codec, whose refusal cannot be given a body: the codec's own limit ({@code quarkus.http.limits.max-initial-line-length})
 * is set far above this one.
 */
@ApplicationScoped
public class HttpLayerErrors {

    static final int MAX_URI = 8192;

    private final ErrorDialects dialects;
    private final ObjectMapper json;
    private final long maxBody;

    HttpLayerErrors(ErrorDialects dialects, ObjectMapper json,
                    @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody) {
        this.dialects = dialects;
        this.json = json;
        this.maxBody = maxBody.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::limits);
    }

    /** Answers here, with a body, what the HTTP layer would refuse with none. */
    private void limits(RoutingContext context) {
        if (context.request().uri().length() > MAX_URI) {
            send(context, ApiException.uriTooLong(MAX_URI));
        } else if (declaredLength(context) > maxBody) {
            context.response().putHeader("Connection", "close").endHandler(ended -> context.request().connection().close());
            send(context, ApiException.payloadTooLarge("The request body is larger than " + maxBody + " bytes."));
        } else {
            context.next();
        }
    }

    private static long declaredLength(RoutingContext context) {
        try {
            String length = context.request().getHeader("Content-Length");
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void send(RoutingContext context, ApiException error) {
        Response response = dialects.render(error, context.normalizedPath());
        HttpServerResponse out = context.response().setStatusCode(response.getStatus());
        response.getStringHeaders().forEach((name, values) -> out.putHeader(name, values));
        out.putHeader("Content-Type", "application/json");
        out.end(body(response.getEntity()));
    }

    private String body(Object entity) {
        if (entity instanceof String text) {
            return text;
        }
        try {
            return json.writeValueAsString(entity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
