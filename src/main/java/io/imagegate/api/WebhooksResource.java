package io.imagegate.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.imagegate.auth.Authenticator;
import io.imagegate.webhook.Webhooks;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** The caller's webhook signing secret. */
@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public class WebhooksResource {

    @RegisterForReflection
    public record Secret(@JsonProperty("secret") String value) {
    }

    private final Authenticator authenticator;
    private final Webhooks webhooks;

    WebhooksResource(Authenticator authenticator, Webhooks webhooks) {
        this.authenticator = authenticator;
        this.webhooks = webhooks;
    }

    @GET
    @Path("secret")
    public Uni<Envelope<Secret>> secret(HttpHeaders headers) {
        return authenticator.caller(headers).chain(caller -> webhooks.secret(caller.accountId()))
                .map(secret -> Envelope.ok(new Secret(secret)));
    }

    @POST
    @Path("secret/rotate")
    public Uni<Envelope<Secret>> rotate(HttpHeaders headers) {
        return authenticator.caller(headers).chain(caller -> webhooks.rotate(caller.accountId()))
                .map(secret -> Envelope.ok(new Secret(secret)));
    }
}
