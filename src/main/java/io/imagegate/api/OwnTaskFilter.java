package io.imagegate.api;

import io.imagegate.auth.Callers;
import io.imagegate.error.ApiException;
import io.imagegate.task.TaskQueries;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Runs before {@link OwnTaskOnly} routes: a 401 or 404 here is a proper error response, not a broken stream. */
public class OwnTaskFilter {

    private final Callers callers;
    private final TaskQueries queries;

    OwnTaskFilter(Callers callers, TaskQueries queries) {
        this.callers = callers;
        this.queries = queries;
    }

    @OwnTaskOnly
    @ServerRequestFilter
    public Uni<Response> check(ContainerRequestContext request) {
        String taskId = request.getUriInfo().getPathParameters().getFirst("id");
        return callers.current()
                .chain(caller -> queries.get(caller.accountId(), taskId, 0))
                .map(found -> (Response) null)
                .onFailure(ApiException.class).recoverWithItem(e -> ErrorMappers.toResponse((ApiException) e));
    }
}
