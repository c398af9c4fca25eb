package io.imagegate.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** When a failed delivery is tried again: the configured delay ±10 %, or a later Retry-After. */
final class RetrySchedule {

    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

    private final List<Duration> delays;

    RetrySchedule(List<Duration> delays) {
        this.delays = List.copyOf(delays);
    }

    /** The time of the next attempt after {@code attemptsMade} attempts (1 or more). */
    Instant next(Instant now, int attemptsMade, Long retryAfterSeconds) {
        Duration base = delays.get(Math.min(attemptsMade, delays.size()) - 1);
        double jitter = 0.9 + 0.2 * ThreadLocalRandom.current().nextDouble();
        Duration delay = Duration.ofMillis(Math.round(base.toMillis() * jitter));
        if (retryAfterSeconds != null) {
            Duration asked = Duration.ofSeconds(Math.min(retryAfterSeconds, MAX_RETRY_AFTER.toSeconds()));
            if (asked.compareTo(delay) > 0) {
                delay = asked;
            }
        }
        return now.plus(delay);
    }
}
