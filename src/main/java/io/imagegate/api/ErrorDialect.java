package io.imagegate.api;

import jakarta.ws.rs.core.Response;

/** How a compatibility dialect shows errors on its own routes; other routes use {@link ErrorBody}. */
public interface ErrorDialect {

    boolean handles(String path);

    Response render(ApiException error);
}
