package io.imagegate.task;

import java.util.Map;

/** The task queue across all replicas: pending tasks, the oldest one's age, and images in flight by route and key. */
public record TaskBacklog(long pending, long oldestPendingSeconds, Map<String, Long> imagesByRoute,
                          Map<String, Long> imagesByKey) {

    static final TaskBacklog EMPTY = new TaskBacklog(0, 0, Map.of(), Map.of());
}
