package io.imagegate.auth;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

import java.util.function.Function;

/** Reads the API key from {@code Authorization: Bearer}, or from {@code Api-Key} as Ideogram's clients send it. */
@ApplicationScoped
public class Authenticator {

    private static final String BEARER = "Bearer ";

    private final ApiKeyService keys;

    Authenticator(ApiKeyService keys) {
        this.keys = keys;
    }

    public Uni<Caller> caller(HttpHeaders headers) {
        return caller(headers::getHeaderString);
    }

    /** The same, from any header lookup (filters see headers as a map). */
    public Uni<Caller> caller(Function<String, String> header) {
        return keys.authenticate(presentedKey(header));
    }

    static String presentedKey(Function<String, String> header) {
        String authorization = header.apply(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).trim();
        }
        return header.apply("Api-Key");
    }
}
