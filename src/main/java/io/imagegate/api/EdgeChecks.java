package io.imagegate.api;

import io.imagegate.error.ApiException;
import io.imagegate.support.StorableText;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Checks every matched request before its resource runs: path and query parameters must be text Postgres can hold
 * (a 400 naming the parameter), and a body sent to a route that reads JSON must say it is JSON (a 415).
 */
public class EdgeChecks {

    @ServerRequestFilter
    public void check(ContainerRequestContext request, ResourceInfo resource) {
        parameters(request.getUriInfo().getPathParameters());
        parameters(queryParameters(request));
        if (hasBody(request) && request.getHeaderString(HttpHeaders.CONTENT_TYPE) == null && readsJson(resource)) {
            throw ApiException.unsupportedMediaType("Send the body with Content-Type: application/json.", "Content-Type");
        }
    }

    private static MultivaluedMap<String, String> queryParameters(ContainerRequestContext request) {
        try {
            return request.getUriInfo().getQueryParameters();
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest(null, "The query string is not validly percent-encoded.");
        }
    }

    private static void parameters(MultivaluedMap<String, String> parameters) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            StorableText.requireName(parameter.getKey());
            parameter.getValue().forEach(value -> StorableText.require(parameter.getKey(), value));
        }
    }

    private static boolean hasBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        return (length != null && !length.equals("0")) || request.getHeaderString("Transfer-Encoding") != null;
    }

    private static boolean readsJson(ResourceInfo resource) {
        Consumes consumes = resource.getResourceMethod().isAnnotationPresent(Consumes.class)
                ? resource.getResourceMethod().getAnnotation(Consumes.class)
                : resource.getResourceClass().getAnnotation(Consumes.class);
        return consumes != null && Arrays.asList(consumes.value()).contains(MediaType.APPLICATION_JSON);
    }
}
