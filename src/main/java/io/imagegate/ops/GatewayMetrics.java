package io.imagegate.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The gateway's own meters, all with low-cardinality tags (model, operation, status, provider, kind):
 * never a task, account or key id.
 */
@ApplicationScoped
public class GatewayMetrics {

    private final MeterRegistry registry;
    private final Counter redisPublicationFailures;

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.redisPublicationFailures = registry.counter("imagegate.redis.publication.failures");
    }

    public void submitted(String model, String operation, long credits) {
        registry.counter("imagegate.tasks.submitted", "model", model, "operation", operation).increment();
        credits("reserved", credits);
    }

    /** A task reached a terminal status; times are null where they do not apply (a canceled task never started). */
    public void finished(String model, String operation, String status, long captured, long released,
                         Duration queueWait, Duration endToEnd) {
        registry.counter("imagegate.tasks.finished", "model", model, "operation", operation, "status", status).increment();
        credits("captured", captured);
        credits("released", released);
        if (queueWait != null) {
            timer("imagegate.tasks.queue.wait", "model", model).record(queueWait);
        }
        if (endToEnd != null) {
            timer("imagegate.tasks.end.to.end", "model", model, "status", status).record(endToEnd);
        }
    }

    /** One call to a provider through a route (retries included), and how it ended. */
    public void providerCall(String provider, String route, Duration took, String errorType) {
        timer("imagegate.provider.time", "provider", provider, "route", route, "outcome", errorType == null ? "ok" : "error")
                .record(took);
        if (errorType != null) {
            registry.counter("imagegate.provider.errors", "provider", provider, "route", route, "type", errorType).increment();
        }
    }

    /**
     * One webhook delivery attempt: its outcome (delivered, retry, failed, disabled), how long it took and, when it
     * was not delivered, why ({@code status_4xx}, {@code status_5xx}, or the error without a status, such as
     * {@code timeout}).
     */
    public void webhookAttempt(String outcome, Duration took, String failure) {
        registry.counter("imagegate.webhooks.attempts", "outcome", outcome).increment();
        timer("imagegate.webhooks.delivery.time", "outcome", outcome).record(took);
        if (failure != null) {
            registry.counter("imagegate.webhooks.failures", "reason", failure).increment();
        }
    }

    /** Tasks whose lease lapsed and went back to the queue (rescued), or that this replica claimed back mid-call. */
    public void leaseLapsed(String how, int tasks) {
        if (tasks > 0) {
            registry.counter("imagegate.tasks.lease.lapsed", "how", how).increment(tasks);
        }
    }

    public void redisPublicationFailed(int events) {
        redisPublicationFailures.increment(events);
    }

    /**
     * A gauge read from {@code value}, held strongly: Micrometer holds a gauge's object weakly by default, and a
     * lambda nobody else references is collected, after which the gauge reads NaN.
     */
    public <T extends Number> void gauge(String name, String tagKey, String tagValue, Supplier<T> value) {
        Gauge.builder(name, value, v -> v.get().doubleValue()).tag(tagKey, tagValue).strongReference(true)
                .register(registry);
    }

    private void credits(String kind, long amount) {
        if (amount > 0) {
            Counter.builder("imagegate.credits").tag("kind", kind).register(registry).increment(amount);
        }
    }

    private Timer timer(String name, String... tags) {
        return Timer.builder(name).tags(tags).publishPercentileHistogram().register(registry);
    }
}
