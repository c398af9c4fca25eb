package io.imagegate.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.imagegate.auth.Callers;
import io.imagegate.auth.Roles;
import io.imagegate.webhook.Webhooks;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The caller's webhook signing secret. */
@RolesAllowed(Roles.ACCOUNT)
@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public class WebhooksResource {

    @RegisterForReflection
    public record Secret(@JsonProperty("secret") String value) {
    }

    private final Callers callers;
    private final Webhooks webhooks;

    WebhooksResource(Callers callers, Webhooks webhooks) {
        this.callers = callers;
        this.webhooks = webhooks;
    }

    @GET
    @Path("secret")
    public Uni<Envelope<Secret>> secret() {
        return callers.current().chain(caller -> webhooks.secret(caller.accountId()))
                .map(secret -> Envelope.ok(new Secret(secret)));
    }

    @POST
    @Path("secret/rotate")
    public Uni<Envelope<Secret>> rotate() {
        return callers.current().chain(caller -> webhooks.rotate(caller.accountId()))
                .map(secret -> Envelope.ok(new Secret(secret)));
    }
}
