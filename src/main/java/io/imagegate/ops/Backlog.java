package io.imagegate.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Work waiting in and running from Postgres, counted every few seconds for the gauges: pending tasks and the age of
 * the oldest, pending webhooks, and images in flight per route and per upstream key (across all replicas).
 */
@ApplicationScoped
public class Backlog {

    private static final long REFRESH_MILLIS = 2_000;

    private final Pool pool;
    private final AtomicLong pendingTasks = new AtomicLong();
    private final AtomicLong pendingWebhooks = new AtomicLong();
    private final AtomicLong oldestPendingSeconds = new AtomicLong();
    private final MultiGauge byRoute;
    private final MultiGauge byKey;
    private Vertx vertx;
    private long timer = -1;

    Backlog(Pool pool, GatewayMetrics metrics, MeterRegistry registry) {
        this.pool = pool;
        metrics.gauge("imagegate.tasks.backlog", "status", "pending", pendingTasks::get);
        metrics.gauge("imagegate.webhooks.backlog", "status", "pending", pendingWebhooks::get);
        metrics.gauge("imagegate.tasks.oldest.pending.seconds", "status", "pending", oldestPendingSeconds::get);
        this.byRoute = MultiGauge.builder("imagegate.route.inflight.images").register(registry);
        this.byKey = MultiGauge.builder("imagegate.key.inflight.images").register(registry);
    }

    void start(@Observes StartupEvent ignored, Vertx vertx) {
        this.vertx = vertx;
        refresh();
        timer = vertx.setPeriodic(REFRESH_MILLIS, id -> refresh());
    }

    /** Pending tasks at the last count (a few seconds old at most). */
    public long pendingTasks() {
        return pendingTasks.get();
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (vertx != null) {
            vertx.cancelTimer(timer);
        }
    }

    private void refresh() {
        pool.query("""
                        SELECT 'pending' AS kind, NULL AS name, (SELECT count(*) FROM tasks WHERE status = 'pending') AS n
                        UNION ALL SELECT 'oldest', NULL, (SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)::bigint
                                                          FROM tasks WHERE status = 'pending')
                        UNION ALL SELECT 'webhooks', NULL, (SELECT count(*) FROM webhook_deliveries WHERE status = 'pending')
                        UNION ALL SELECT 'route', route_id, sum(num_images) FROM tasks
                                  WHERE status = 'in_progress' AND route_id IS NOT NULL GROUP BY route_id
                        UNION ALL SELECT 'key', upstream_key, sum(num_images) FROM tasks
                                  WHERE status = 'in_progress' AND upstream_key IS NOT NULL GROUP BY upstream_key""")
                .execute()
                .subscribe().with(rows -> {
                    List<MultiGauge.Row<?>> routes = new ArrayList<>();
                    List<MultiGauge.Row<?>> keys = new ArrayList<>();
                    for (Row row : rows) {
                        long n = row.getLong("n");
                        switch (row.getString("kind")) {
                            case "pending" -> pendingTasks.set(n);
                            case "webhooks" -> pendingWebhooks.set(n);
                            case "oldest" -> oldestPendingSeconds.set(n);
                            case "route" -> routes.add(MultiGauge.Row.of(Tags.of("route", row.getString("name")), n));
                            default -> keys.add(MultiGauge.Row.of(Tags.of("key", row.getString("name")), n));
                        }
                    }
                    byRoute.register(routes, true);
                    byKey.register(keys, true);
                }, e -> { });
    }
}
