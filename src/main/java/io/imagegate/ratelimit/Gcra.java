package io.imagegate.ratelimit;

/**
 * The generic cell rate algorithm for {@code limit} requests per minute with a burst of {@code limit}: the
 * state is one "theoretical arrival time" (TAT); a request is allowed when TAT − τ ≤ now, and then moves TAT
 * one emission interval on. The Redis script does the same arithmetic atomically; this class is the
 * per-replica fallback when Redis cannot answer.
 */
final class Gcra {

    private long tat;

    /** 0 when allowed (and counted), else the milliseconds until the next request would be. */
    synchronized long acquire(long nowMillis, int perMinute) {
        long interval = 60_000L / perMinute;
        long tolerance = interval * (perMinute - 1L);
        long current = Math.max(tat, nowMillis);
        long allowAt = current - tolerance;
        if (allowAt > nowMillis) {
            return allowAt - nowMillis;
        }
        tat = current + interval;
        return 0;
    }
}
