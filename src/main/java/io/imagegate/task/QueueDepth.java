package io.imagegate.task;

import io.imagegate.support.Periodic;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;

/**
 * The {@link TaskBacklog} counted every two seconds: admission refuses work when too much is pending, and the
 * gauges show it. A count that fails keeps the last one.
 */
@ApplicationScoped
public class QueueDepth {

    private static final Duration REFRESH = Duration.ofSeconds(2);

    private final TaskRepository tasks;
    private volatile TaskBacklog latest = TaskBacklog.EMPTY;
    private Periodic job;

    QueueDepth(TaskRepository tasks) {
        this.tasks = tasks;
    }

    void start(@Observes StartupEvent ignored, Vertx vertx) {
        job = Periodic.every(vertx, REFRESH, () -> tasks.backlog()
                .invoke(counted -> latest = counted)
                .onFailure().recoverWithNull());
        tasks.backlog().subscribe().with(counted -> latest = counted, e -> { });
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (job != null) {
            job.stop();
        }
    }

    public TaskBacklog latest() {
        return latest;
    }

    /** Pending tasks at the last count (a few seconds old at most). */
    public long pending() {
        return latest.pending();
    }
}
