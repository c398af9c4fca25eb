package io.imagegate.api;

import io.imagegate.account.AccountService;
import io.imagegate.auth.Authenticator;
import io.imagegate.task.TaskPage;
import io.imagegate.task.TaskQueries;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** The caller's own money: balance and usage. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    @RegisterForReflection
    public record Credits(long balance, long reserved) {
    }

    private final Authenticator authenticator;
    private final AccountService accounts;
    private final TaskQueries queries;

    AccountResource(Authenticator authenticator, AccountService accounts, TaskQueries queries) {
        this.authenticator = authenticator;
        this.accounts = accounts;
        this.queries = queries;
    }

    @GET
    @Path("billing/credits")
    public Uni<Envelope<Credits>> credits(HttpHeaders headers) {
        return authenticator.caller(headers)
                .chain(caller -> accounts.get(caller.accountId()))
                .map(account -> Envelope.ok(new Credits(account.balance(), account.reserved())));
    }

    @GET
    @Path("usage")
    public Uni<Envelope<TaskPage>> usage(@QueryParam("from") String from, @QueryParam("to") String to,
                                         @QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                                         HttpHeaders headers) {
        return authenticator.caller(headers)
                .chain(caller -> queries.usage(caller.accountId(), from, to, limit, cursor))
                .map(Envelope::ok);
    }
}
