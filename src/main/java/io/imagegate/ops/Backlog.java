package io.imagegate.ops;

import io.imagegate.support.Periodic;
import io.imagegate.task.QueueDepth;
import io.imagegate.task.TaskBacklog;
import io.imagegate.webhook.Webhooks;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gauges of work waiting in and running from Postgres, across all replicas: pending tasks and the age of the
 * oldest, pending webhooks, and images in flight per route and per upstream key.
 */
@ApplicationScoped
public class Backlog {

    private static final Duration REFRESH = Duration.ofSeconds(2);

    private final QueueDepth queue;
    private final Webhooks webhooks;
    private final AtomicLong pendingWebhooks = new AtomicLong();
    private final MultiGauge byRoute;
    private final MultiGauge byKey;
    private Periodic job;

    Backlog(QueueDepth queue, Webhooks webhooks, GatewayMetrics metrics, MeterRegistry registry) {
        this.queue = queue;
        this.webhooks = webhooks;
        metrics.gauge("imagegate.tasks.backlog", "status", "pending", () -> queue.latest().pending());
        metrics.gauge("imagegate.webhooks.backlog", "status", "pending", pendingWebhooks::get);
        metrics.gauge("imagegate.tasks.oldest.pending.seconds", "status", "pending",
                () -> queue.latest().oldestPendingSeconds());
        this.byRoute = MultiGauge.builder("imagegate.route.inflight.images").register(registry);
        this.byKey = MultiGauge.builder("imagegate.key.inflight.images").register(registry);
    }

    void start(@Observes StartupEvent ignored, Vertx vertx) {
        job = Periodic.every(vertx, REFRESH, this::refresh);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (job != null) {
            job.stop();
        }
    }

    private Uni<Void> refresh() {
        TaskBacklog tasks = queue.latest();
        byRoute.register(rows("route", tasks.imagesByRoute()), true);
        byKey.register(rows("key", tasks.imagesByKey()), true);
        return webhooks.pendingDeliveries().invoke(pendingWebhooks::set).onFailure().recoverWithNull().replaceWithVoid();
    }

    private static List<MultiGauge.Row<?>> rows(String tag, Map<String, Long> counts) {
        return counts.entrySet().stream()
                .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of(tag, e.getKey()), e.getValue()))
                .toList();
    }
}
