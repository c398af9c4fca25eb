package io.imagegate.auth;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

/** Reads the API key from {@code Authorization: Bearer}, or from {@code Api-Key} as Ideogram's clients send it. */
@ApplicationScoped
public class Authenticator {

    private static final String BEARER = "Bearer ";

    private final ApiKeyService keys;

    Authenticator(ApiKeyService keys) {
        this.keys = keys;
    }

    public Uni<Caller> caller(HttpHeaders headers) {
        return keys.authenticate(presentedKey(headers));
    }

    static String presentedKey(HttpHeaders headers) {
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).trim();
        }
        return headers.getHeaderString("Api-Key");
    }
}
