package io.imagegate.auth;

import io.imagegate.config.ImagegateConfig;
import io.imagegate.error.ApiException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Turns a presented token into an identity: the operator's admin token (compared in constant time; without one
 * configured the admin API is closed) has the role {@link Roles#ADMIN}, an API key the role {@link Roles#ACCOUNT} with
 * its {@link Caller} as the principal.
 */
@ApplicationScoped
public class KeyIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final ApiKeyService keys;
    private final byte[] adminToken;

    KeyIdentityProvider(ApiKeyService keys, ImagegateConfig config) {
        this.keys = keys;
        this.adminToken = config.adminToken().filter(t -> !t.isBlank())
                .map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.getToken().getToken();
        if (isAdminToken(token)) {
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(Roles.ADMIN)).addRole(Roles.ADMIN).build());
        }
        return keys.authenticate(token)
                .<SecurityIdentity>map(caller -> QuarkusSecurityIdentity.builder()
                        .setPrincipal(caller).addRole(Roles.ACCOUNT).build())
                .onFailure(ApiException.class).transform(AuthenticationFailedException::new);
    }

    private boolean isAdminToken(String token) {
        return adminToken != null && MessageDigest.isEqual(adminToken, token.getBytes(StandardCharsets.UTF_8));
    }
}
