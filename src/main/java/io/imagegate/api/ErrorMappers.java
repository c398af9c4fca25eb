package io.imagegate.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.imagegate.error.ApiException;
import io.imagegate.error.ErrorBody;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns every failure, ours or the framework's, into the one error shape. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);
    private static final String ADMIN_PATH = "/admin/";
    private static final Pattern DUPLICATE_FIELD = Pattern.compile("^Duplicate field '(.*)'");

    private final ErrorDialects dialects;

    ErrorMappers(ErrorDialects dialects) {
        this.dialects = dialects;
    }

    private Response render(ApiException e, UriInfo uri) {
        return dialects.render(e, uri == null ? "" : uri.getPath());
    }

    public static Response toResponse(ApiException e) {
        Response.ResponseBuilder builder = Response.status(e.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of(e));
        if (e.retryAfterSeconds() != null) {
            builder.header("Retry-After", e.retryAfterSeconds());
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        return render(e, uri);
    }

    /** No credential, a refused one, or one of the wrong role: 401 in the vocabulary of the API the route belongs to. */
    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class, ForbiddenException.class})
    public Response credentialRefused(UriInfo uri) {
        String path = uri == null ? "" : uri.getPath();
        return render(path.startsWith(ADMIN_PATH) ? ApiException.invalidAdminToken() : ApiException.invalidApiKey(), uri);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        return render(fromJson(e), uri);
    }

    /** Overrides Quarkus's own mapper for wrong types, so the answer keeps the one error shape. */
    @ServerExceptionMapper
    public Response wrongType(MismatchedInputException e, UriInfo uri) {
        return render(fromJson(e), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return render(fromJson(json), uri);
        }
        return render(fromStatus(e.getResponse().getStatus(), e), uri);
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, UriInfo uri) {
        if (e instanceof ApiException api) {
            return render(api, uri);
        }
        if (unreadableMultipart(e)) {
            return render(ApiException.invalidRequest(null, "The multipart body is truncated or malformed."), uri);
        }
        if (storeUnreachable(e)) {
            LOG.warnf("A store is unreachable: %s", e.getMessage());
            return render(ApiException.unavailable(), uri);
        }
        LOG.error("Unhandled error", e);
        return render(ApiException.internalError(), uri);
    }

    private static ApiException fromJson(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                && mapping.getPath().get(0).getFieldName() != null) {
            String field = mapping.getPath().get(0).getFieldName();
            return ApiException.invalidRequest(field, "'" + field + "' has the wrong type or format.");
        }
        Matcher duplicate = DUPLICATE_FIELD.matcher(String.valueOf(e.getOriginalMessage()));
        if (duplicate.find()) {
            return ApiException.invalidRequest(duplicate.group(1), "'" + duplicate.group(1) + "' appears more than once.");
        }
        return ApiException.invalidRequest(null, "The request body is not valid JSON.");
    }

    /** The multipart parser met the end of the body, or bytes it cannot read, before the closing boundary. */
    private static boolean unreadableMultipart(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException && String.valueOf(t.getMessage()).contains("multipart")) {
                return true;
            }
        }
        return false;
    }

    /** Postgres (or Redis) refused or dropped the connection: a 503 to retry, not a 500. */
    private static boolean storeUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof io.vertx.sqlclient.ClosedConnectionException) {
                return true;
            }
            String message = String.valueOf(t.getMessage());
            if (message.contains("Connection refused") || message.contains("Connection reset")
                    || message.contains("connection was closed") || message.contains("Pool closed")) {
                return true;
            }
        }
        return false;
    }

    private static ApiException fromStatus(int status, WebApplicationException e) {
        return switch (status) {
            case 404 -> ApiException.routeNotFound();
            case 405 -> ApiException.methodNotAllowed(allowed(e));
            case 406 -> ApiException.notAcceptable();
            case 415 -> ApiException.unsupportedMediaType("Send the body as application/json.", null);
            case 413 -> ApiException.payloadTooLarge("The request body is too large.");
            case 400 -> ApiException.invalidRequest(null, "The request could not be read.");
            case 401 -> ApiException.invalidApiKey();
            default -> ApiException.refused(status);
        };
    }

    private static String allowed(WebApplicationException e) {
        if (e instanceof NotAllowedException && !e.getResponse().getAllowedMethods().isEmpty()) {
            return "; allowed: " + String.join(", ", e.getResponse().getAllowedMethods());
        }
        return "";
    }
}
