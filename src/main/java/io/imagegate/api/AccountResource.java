package io.imagegate.api;

import io.imagegate.account.AccountService;
import io.imagegate.auth.Callers;
import io.imagegate.auth.Roles;
import io.imagegate.task.TaskPage;
import io.imagegate.task.TaskQueries;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The caller's own money: balance and usage. */
@RolesAllowed(Roles.ACCOUNT)
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    @RegisterForReflection
    public record Credits(long balance, long reserved) {
    }

    private final Callers callers;
    private final AccountService accounts;
    private final TaskQueries queries;

    AccountResource(Callers callers, AccountService accounts, TaskQueries queries) {
        this.callers = callers;
        this.accounts = accounts;
        this.queries = queries;
    }

    @GET
    @Path("billing/credits")
    public Uni<Envelope<Credits>> credits() {
        return callers.current()
                .chain(caller -> accounts.get(caller.accountId()))
                .map(account -> Envelope.ok(new Credits(account.balance(), account.reserved())));
    }

    @GET
    @Path("usage")
    public Uni<Envelope<TaskPage>> usage(@QueryParam("from") String from, @QueryParam("to") String to,
                                         @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return callers.current()
                .chain(caller -> queries.usage(caller.accountId(), from, to, limit, cursor))
                .map(Envelope::ok);
    }
}
