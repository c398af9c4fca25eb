package io.imagegate.support;

import java.security.SecureRandom;

/** Opaque, unguessable identifiers and secrets in base62. */
public final class Ids {

    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** {@code prefix} followed by {@code length} random base62 characters (about 5.95 bits each). */
    public static String random(String prefix, int length) {
        StringBuilder out = new StringBuilder(prefix.length() + length).append(prefix);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return out.toString();
    }

    /** A task id: 22 base62 characters, about 131 bits. */
    public static String task() {
        return random("task_", 22);
    }

    public static String account() {
        return random("acct_", 16);
    }

    public static String apiKey() {
        return random("key_", 16);
    }
}
