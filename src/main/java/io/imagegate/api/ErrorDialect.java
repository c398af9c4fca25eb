package io.imagegate.api;

import io.imagegate.error.ApiException;
import io.imagegate.error.ErrorBody;
import jakarta.ws.rs.core.Response;

/** How a compatibility dialect shows errors on its own routes; other routes use {@link ErrorBody}. */
public interface ErrorDialect {

    boolean handles(String path);

    Response render(ApiException error);
}
