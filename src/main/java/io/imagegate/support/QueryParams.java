package io.imagegate.support;

import io.imagegate.error.ApiException;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Query parameters read from their text, so a bad value is a 400 naming the parameter, never a 404 or a 500. */
public final class QueryParams {

    /** The range of times a query accepts: what Postgres stores and a person could mean. */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private QueryParams() {
    }

    public static long integer(String name, String value, long min, long max) {
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.invalidValue(name, "'" + name + "' must be an integer from " + min + " to " + max + ".");
    }

    /** An ISO-8601 instant between {@link #EARLIEST} and {@link #LATEST}, or null when absent. */
    public static Instant instant(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return inRange(Instant.parse(value));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw ApiException.invalidValue(name, "'" + name + "' must be an ISO-8601 UTC time between years 1 and "
                    + "9999, such as 2026-11-21T10:00:00Z.");
        }
    }

    public static Instant inRange(Instant instant) {
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new IllegalArgumentException("out of range: " + instant);
        }
        return instant;
    }
}
