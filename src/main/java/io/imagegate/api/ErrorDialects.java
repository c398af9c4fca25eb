package io.imagegate.api;

import io.imagegate.error.ApiException;
import io.imagegate.error.ErrorBody;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.core.Response;

/** Renders an error in the dialect of the route family its path belongs to, or as {@link ErrorBody} elsewhere. */
@ApplicationScoped
public class ErrorDialects {

    private final Instance<ErrorDialect> dialects;

    ErrorDialects(Instance<ErrorDialect> dialects) {
        this.dialects = dialects;
    }

    public Response render(ApiException e, String path) {
        for (ErrorDialect dialect : dialects) {
            if (dialect.handles(path)) {
                return dialect.render(e);
            }
        }
        return ErrorMappers.toResponse(e);
    }
}
