package io.imagegate.task;

import io.imagegate.config.ImagegateConfig;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests waiting for a task to end ({@code ?wait=}). They are woken by this replica's completions, by
 * Redis notifications of other replicas' completions, and, in case a notification was lost, by one batched
 * Postgres read of all waited-on tasks every few seconds. When the replica starts shutting down (SIGTERM, the
 * shutdown delay begins) every waiter is woken and no new one waits: a long poll is answered at once with the task
 * as it stands, so that no open request pins the shutdown; the client polls again, on another replica.
 */
@ApplicationScoped
public class TaskWaiters {

    private record Waiter(UniEmitter<? super Void> emitter, Context context) {
    }

    private final Map<String, Set<Waiter>> waiting = new ConcurrentHashMap<>();
    private final TaskRepository tasks;
    private final ImagegateConfig config;
    private Vertx vertx;
    private long timer;
    private volatile boolean closing;

    TaskWaiters(TaskRepository tasks, ImagegateConfig config) {
        this.tasks = tasks;
        this.config = config;
    }

    void start(@Observes StartupEvent ignored, Vertx vertx) {
        this.vertx = vertx;
        timer = vertx.setPeriodic(config.tasks().waitPollInterval().toMillis(), id -> pollPostgres());
    }

    void closing(@Observes ShutdownDelayInitiatedEvent ignored) {
        closing = true;
        List.copyOf(waiting.keySet()).forEach(this::wake);
    }

    /** True once the replica is shutting down: nothing waits any more. */
    public boolean closing() {
        return closing;
    }

    void stop(@Observes ShutdownEvent ignored) {
        closing = true;
        if (vertx != null) {
            vertx.cancelTimer(timer);
        }
    }

    /** Completes when the task may have ended, or after {@code timeout}; the caller re-reads the task. */
    public Uni<Void> await(String taskId, Duration timeout) {
        if (closing) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> woken = Uni.createFrom().emitter(emitter -> {
            Waiter waiter = new Waiter(emitter, io.vertx.core.Vertx.currentContext());
            waiting.computeIfAbsent(taskId, id -> ConcurrentHashMap.newKeySet()).add(waiter);
            emitter.onTermination(() -> remove(taskId, waiter));
        });
        return woken.ifNoItem().after(timeout).recoverWithItem((Void) null);
    }

    public void wake(String taskId) {
        Set<Waiter> waiters = waiting.remove(taskId);
        if (waiters == null) {
            return;
        }
        for (Waiter waiter : waiters) {
            if (waiter.context() != null) {
                waiter.context().runOnContext(v -> waiter.emitter().complete(null));
            } else {
                waiter.emitter().complete(null);
            }
        }
    }

    private void remove(String taskId, Waiter waiter) {
        waiting.computeIfPresent(taskId, (id, set) -> {
            set.remove(waiter);
            return set.isEmpty() ? null : set;
        });
    }

    private void pollPostgres() {
        if (waiting.isEmpty()) {
            return;
        }
        List<String> ids = List.copyOf(waiting.keySet());
        tasks.terminalAmong(ids).subscribe().with(ended -> ended.forEach(this::wake), e -> { });
    }
}
