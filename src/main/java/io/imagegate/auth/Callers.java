package io.imagegate.auth;

import io.imagegate.error.ApiException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The {@link Caller} of the current request, from its security identity. Routes that use it need the role
 * {@link Roles#ACCOUNT}, so the identity is already known (authentication is not proactive, so it is read
 * without blocking).
 */
@ApplicationScoped
public class Callers {

    private final CurrentIdentityAssociation identities;

    Callers(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    public Uni<Caller> current() {
        return identities.getDeferredIdentity().map(identity -> {
            if (identity.getPrincipal() instanceof Caller caller) {
                return caller;
            }
            throw ApiException.invalidApiKey();
        });
    }
}
