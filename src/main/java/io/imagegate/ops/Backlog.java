package io.imagegate.ops;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.concurrent.atomic.AtomicLong;

/** Work waiting in Postgres, counted every few seconds for the gauges (one cheap query for both). */
@ApplicationScoped
class Backlog {

    private static final long REFRESH_MILLIS = 5_000;

    private final Pool pool;
    private final AtomicLong pendingTasks = new AtomicLong();
    private final AtomicLong pendingWebhooks = new AtomicLong();

    Backlog(Pool pool, GatewayMetrics metrics) {
        this.pool = pool;
        metrics.gauge("imagegate.tasks.backlog", "status", "pending", pendingTasks::get);
        metrics.gauge("imagegate.webhooks.backlog", "status", "pending", pendingWebhooks::get);
    }

    void start(@Observes StartupEvent ignored, Vertx vertx) {
        refresh();
        vertx.setPeriodic(REFRESH_MILLIS, id -> refresh());
    }

    private void refresh() {
        pool.query("""
                        SELECT (SELECT count(*) FROM tasks WHERE status = 'pending'),
                               (SELECT count(*) FROM webhook_deliveries WHERE status = 'pending')""")
                .execute()
                .subscribe().with(rows -> {
                    var row = rows.iterator().next();
                    pendingTasks.set(row.getLong(0));
                    pendingWebhooks.set(row.getLong(1));
                }, e -> { });
    }
}
