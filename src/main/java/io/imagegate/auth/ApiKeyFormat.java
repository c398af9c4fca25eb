package io.imagegate.auth;

import io.imagegate.support.Ids;
import io.imagegate.support.Sha256;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Keys look like {@code ig_<lookup>_<secret>}: the prefix makes them recognisable to secret scanners, the
 * lookup part finds the row, and only the SHA-256 of the secret part (about 190 random bits) is stored.
 */
final class ApiKeyFormat {

    static final String PREFIX = "ig_";
    private static final int LOOKUP_LENGTH = 12;
    private static final int SECRET_LENGTH = 32;

    private ApiKeyFormat() {
    }

    record Parsed(String lookup, String secret) {
    }

    record Issued(String key, String lookup, byte[] secretHash) {
    }

    static Issued issue() {
        String lookup = Ids.random("", LOOKUP_LENGTH);
        String secret = Ids.random("", SECRET_LENGTH);
        return new Issued(PREFIX + lookup + "_" + secret, lookup, hash(secret));
    }

    static Optional<Parsed> parse(String key) {
        if (key == null || !key.startsWith(PREFIX) || key.length() != PREFIX.length() + LOOKUP_LENGTH + 1 + SECRET_LENGTH) {
            return Optional.empty();
        }
        int separator = PREFIX.length() + LOOKUP_LENGTH;
        if (key.charAt(separator) != '_') {
            return Optional.empty();
        }
        return Optional.of(new Parsed(key.substring(PREFIX.length(), separator), key.substring(separator + 1)));
    }

    static byte[] hash(String secret) {
        return Sha256.of(secret.getBytes(StandardCharsets.US_ASCII));
    }

    static boolean matches(String secret, byte[] storedHash) {
        return MessageDigest.isEqual(hash(secret), storedHash);
    }
}
