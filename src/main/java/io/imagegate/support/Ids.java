package io.imagegate.support;

import java.security.SecureRandom;

/** Opaque, unguessable identifiers and secrets in base62. */
public final class Ids {

    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /**
     * {@code prefix} followed by {@code length} random base62 characters (about 5.95 bits each). Random bytes are
     * drawn in one call per id (each call to the system source takes a lock); six bits of a byte pick a character
     * and the two values past the alphabet are skipped, so every character stays equally likely.
     */
    public static String random(String prefix, int length) {
        StringBuilder out = new StringBuilder(prefix.length() + length).append(prefix);
        byte[] bytes = new byte[length + length / 4];
        while (out.length() < prefix.length() + length) {
            RANDOM.nextBytes(bytes);
            for (int i = 0; i < bytes.length && out.length() < prefix.length() + length; i++) {
                int sixBits = bytes[i] & 0x3f;
                if (sixBits < ALPHABET.length) {
                    out.append(ALPHABET[sixBits]);
                }
            }
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
