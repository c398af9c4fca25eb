package io.imagegate.auth;

import java.time.Instant;
import java.util.Set;

/** An API key as stored: the secret only as its SHA-256. */
record StoredKey(String id, String accountId, byte[] secretHash, Set<String> allowedModels,
                 Integer rateLimitPerMinute, Instant expiresAt, Instant revokedAt) {

    boolean usableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    Caller caller() {
        return new Caller(accountId, id, allowedModels, rateLimitPerMinute);
    }
}
