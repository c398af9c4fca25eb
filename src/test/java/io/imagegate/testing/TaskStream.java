package io.imagegate.testing;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The task-events stream in Redis, as a consumer reads it. */
public final class TaskStream {

    private TaskStream() {
    }

    /** The fields of every entry about this task, oldest first. */
    public static List<Map<String, String>> entriesFor(ReactiveRedisDataSource redis, String prefix, String taskId) {
        return redis.stream(String.class).xrange(prefix + "task-events", StreamRange.of("-", "+"))
                .await().atMost(Duration.ofSeconds(5))
                .stream().map(entry -> entry.payload()).filter(fields -> taskId.equals(fields.get("task_id"))).toList();
    }
}
