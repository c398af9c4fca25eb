package io.imagegate.support;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A background job on a Vert.x timer, the one kind of timer the gateway uses: run every interval, skipped while its
 * previous run has not finished, and stopped with {@link #stop()}.
 */
public final class Periodic {

    private final Vertx vertx;
    private final long timer;

    private Periodic(Vertx vertx, long timer) {
        this.vertx = vertx;
        this.timer = timer;
    }

    public static Periodic every(Vertx vertx, Duration interval, Supplier<Uni<?>> job) {
        AtomicBoolean running = new AtomicBoolean();
        long timer = vertx.setPeriodic(interval.toMillis(), id -> {
            if (running.compareAndSet(false, true)) {
                job.get().subscribe().with(done -> running.set(false), failed -> running.set(false));
            }
        });
        return new Periodic(vertx, timer);
    }

    public void stop() {
        vertx.cancelTimer(timer);
    }
}
