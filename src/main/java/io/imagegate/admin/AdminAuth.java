package io.imagegate.admin;

import io.imagegate.config.ImagegateConfig;
import io.imagegate.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks the operator's bearer token in constant time; without a configured token the admin API is closed. */
@ApplicationScoped
class AdminAuth {

    private static final String BEARER = "Bearer ";

    private final byte[] token;

    AdminAuth(ImagegateConfig config) {
        this.token = config.adminToken().filter(t -> !t.isBlank())
                .map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    void check(HttpHeaders headers) {
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean ok = token != null && authorization != null
                && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && MessageDigest.isEqual(token,
                authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8));
        if (!ok) {
            throw ApiException.invalidAdminToken();
        }
    }
}
