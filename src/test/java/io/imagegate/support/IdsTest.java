package io.imagegate.support;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdsTest {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    @Test
    void taskIdsAreDistinctBase62OfTheStatedLength() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = Ids.task();
            assertTrue(id.matches("task_[0-9A-Za-z]{22}"), id);
            seen.add(id);
        }
        assertEquals(10_000, seen.size());
    }

    @Test
    void everyCharacterIsEquallyLikely() {
        int[] counts = new int[ALPHABET.length()];
        int draws = 20_000;
        for (int i = 0; i < draws; i++) {
            for (char c : Ids.random("", 22).toCharArray()) {
                counts[ALPHABET.indexOf(c)]++;
            }
        }
        double expected = draws * 22.0 / ALPHABET.length();
        for (int i = 0; i < counts.length; i++) {
            // A byte-modulo draw would give the first characters about a quarter more than the rest.
            assertTrue(Math.abs(counts[i] - expected) < expected * 0.08,
                    ALPHABET.charAt(i) + " drawn " + counts[i] + " times, expected about " + expected);
        }
    }
}
