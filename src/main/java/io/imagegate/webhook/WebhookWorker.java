package io.imagegate.webhook;

import io.imagegate.config.ImagegateConfig;
import io.imagegate.ops.GatewayMetrics;
import io.imagegate.support.ClaimLoop;
import io.imagegate.support.Replica;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers due webhooks. Deliveries are claimed from Postgres with a lease ({@code SKIP LOCKED}), so any
 * number of replicas share the work and never send the same attempt at once; a replica that dies
 * mid-attempt loses its lease and another takes the delivery over.
 */
@ApplicationScoped
class WebhookWorker {

    private static final Logger LOG = Logger.getLogger(WebhookWorker.class);

    private final WebhookRepository repository;
    private final WebhookSender sender;
    private final ImagegateConfig config;
    private final RetrySchedule schedule;
    private final GatewayMetrics metrics;
    private final String owner;
    private final AtomicInteger inflight = new AtomicInteger();
    private final ClaimLoop claims = new ClaimLoop("webhook deliveries", this::claimRound);
    private Vertx vertx;
    private long timer;
    private volatile boolean stopped;

    WebhookWorker(WebhookRepository repository, WebhookSender sender, ImagegateConfig config,
                  Replica replica, GatewayMetrics metrics) {
        this.metrics = metrics;
        this.repository = repository;
        this.sender = sender;
        this.config = config;
        this.schedule = new RetrySchedule(config.webhooks().retrySchedule());
        this.owner = replica.id();
    }

    void start(@Observes StartupEvent ignored, Vertx vertx) {
        if (!config.webhooks().enabled()) {
            LOG.info("Webhook delivery is disabled on this replica");
            return;
        }
        this.vertx = vertx;
        timer = vertx.setPeriodic(config.webhooks().pollInterval().toMillis(), id -> wake());
    }

    void stop(@Observes ShutdownEvent ignored) {
        stopped = true;
        if (vertx != null) {
            vertx.cancelTimer(timer);
        }
    }

    void wake() {
        if (!config.webhooks().enabled() || stopped || config.webhooks().maxInflight() - inflight.get() <= 0) {
            return;
        }
        claims.wake();
    }

    /** Claims as many due deliveries as there is room for; true when it filled that room, so more may be due. */
    private Uni<Boolean> claimRound() {
        int free = config.webhooks().maxInflight() - inflight.get();
        if (free <= 0) {
            return Uni.createFrom().item(false);
        }
        double leaseSeconds = config.webhooks().timeout().toSeconds() * 2.0 + 5;
        return repository.claim(owner, leaseSeconds, free).map(deliveries -> {
            deliveries.forEach(this::attempt);
            return deliveries.size() == free;
        });
    }

    private void attempt(Delivery delivery) {
        inflight.incrementAndGet();
        sender.send(delivery)
                .chain(result -> {
                    DeliveryStatus status = nextStatus(delivery, result);
                    metrics.webhookAttempt(status == DeliveryStatus.PENDING ? "retry" : status.wire(),
                            Duration.ofMillis(result.durationMillis()), result.failureReason());
                    return repository.record(delivery, owner, status, nextAttempt(delivery, result), result);
                })
                .subscribe().with(recorded -> done(), e -> {
                    LOG.warnf("Recording webhook attempt %s failed; its lease will expire and it is sent again: %s",
                            delivery.messageId(), e.getMessage());
                    done();
                });
    }

    private void done() {
        inflight.decrementAndGet();
        wake();
    }

    private static DeliveryStatus nextStatus(Delivery delivery, AttemptResult result) {
        if (result.delivered()) {
            return DeliveryStatus.DELIVERED;
        }
        if (result.gone()) {
            return DeliveryStatus.DISABLED;
        }
        return delivery.attempts() + 1 >= delivery.maxAttempts() ? DeliveryStatus.FAILED : DeliveryStatus.PENDING;
    }

    private Instant nextAttempt(Delivery delivery, AttemptResult result) {
        Instant now = Instant.now();
        return nextStatus(delivery, result) == DeliveryStatus.PENDING
                ? schedule.next(now, delivery.attempts() + 1, result.retryAfterSeconds()) : now;
    }
}
