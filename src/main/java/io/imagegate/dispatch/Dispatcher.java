package io.imagegate.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagegate.catalog.Catalog;
import io.imagegate.catalog.CatalogModel;
import io.imagegate.catalog.Operation;
import io.imagegate.config.ImagegateConfig;
import io.imagegate.ops.GatewayMetrics;
import io.imagegate.provider.Provider;
import io.imagegate.provider.ProviderCall;
import io.imagegate.provider.ProviderException;
import io.imagegate.support.Replica;
import io.imagegate.task.Finish;
import io.imagegate.task.SubmitService;
import io.imagegate.task.Task;
import io.imagegate.task.TaskLifecycle;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Moves pending tasks to providers. Work waits in Postgres: the dispatcher claims only as many tasks as each
 * provider has free image slots on this replica, runs them, and ends each attempt through the fenced
 * {@link TaskLifecycle#finish}. It wakes on local submissions, on freed capacity and on a short timer
 * (which also picks up work accepted by other replicas).
 */
@ApplicationScoped
class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final TaskLifecycle lifecycle;
    private final ProviderRouting routing;
    private final Catalog catalog;
    private final SubmitService submissions;
    private final ObjectMapper json;
    private final ImagegateConfig config;
    private final GatewayMetrics metrics;
    private final String owner;
    private final Map<String, AtomicInteger> inflightImages = new ConcurrentHashMap<>();
    private final Map<String, Task> running = new ConcurrentHashMap<>();
    private final AtomicBoolean claiming = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    Dispatcher(TaskLifecycle lifecycle, ProviderRouting routing, Catalog catalog, SubmitService submissions,
               ObjectMapper json, ImagegateConfig config, Replica replica, GatewayMetrics metrics) {
        this.metrics = metrics;
        this.lifecycle = lifecycle;
        this.routing = routing;
        this.catalog = catalog;
        this.submissions = submissions;
        this.json = json;
        this.config = config;
        this.owner = replica.id();
    }

    void start(@Observes StartupEvent ignored, Vertx vertx) {
        if (!config.dispatch().enabled()) {
            LOG.info("Dispatch is disabled on this replica: it accepts tasks but does not run them");
            return;
        }
        submissions.onAccepted(this::wake);
        routing.providers().forEach(p -> metrics.gauge("imagegate.provider.inflight.images", "provider", p.id(),
                () -> inflight(p).get()));
        vertx.setPeriodic(config.dispatch().pollInterval().toMillis(), id -> wake());
        vertx.setPeriodic(config.dispatch().lease().toMillis() / 3, id -> renewLeases());
        vertx.setPeriodic(config.dispatch().rescueInterval().toMillis(), id -> rescue());
        LOG.infof("Dispatcher %s started", owner);
    }

    void wake() {
        if (!claiming.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        Multi.createFrom().iterable(routing.providers())
                .onItem().transformToUniAndConcatenate(this::claimFor)
                .collect().asList()
                .subscribe().with(claimed -> claimed(claimed.stream().anyMatch(full -> full)), e -> {
                    LOG.warnf("Claiming tasks failed: %s", e.getMessage());
                    claimed(false);
                });
    }

    private void claimed(boolean mayBeMore) {
        claiming.set(false);
        if (again.getAndSet(false) || mayBeMore) {
            wake();
        }
    }

    /** Claims for one provider; true when it filled a whole claim batch, so more may be waiting. */
    private Uni<Boolean> claimFor(Provider provider) {
        int free = provider.maxInflightImages() - inflight(provider).get();
        List<String> models = catalog.all().stream()
                .filter(m -> routing.providerFor(m).filter(provider.id()::equals).isPresent())
                .map(CatalogModel::id)
                .toList();
        if (free <= 0 || models.isEmpty()) {
            return Uni.createFrom().item(false);
        }
        return lifecycle.claim(models, free, owner, provider.id())
                .invoke(tasks -> tasks.forEach(task -> run(provider, task)))
                .map(tasks -> tasks.size() >= config.dispatch().claimBatch());
    }

    private void run(Provider provider, Task task) {
        inflight(provider).addAndGet(task.numImages());
        running.put(task.id(), task);
        Duration timeout = config.dispatch().providerTimeout();
        long started = System.nanoTime();
        Uni.createFrom().deferred(() -> provider.run(call(task)))
                .ifNoItem().after(timeout).failWith(() -> new ProviderException("provider_timeout",
                        "The provider did not answer within " + timeout.toSeconds() + " s.", true))
                .map(result -> new Finish(task.id(), owner, task.attempt(), true, lifecycle.write(result), null))
                .onFailure().recoverWithItem(e -> failed(task, e))
                .invoke(finish -> metrics.providerCall(provider.id(), Duration.ofNanos(System.nanoTime() - started),
                        finish.completed() ? null : errorType(finish)))
                .chain(finish -> lifecycle.finish(finish)
                        .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2)).atMost(5))
                .subscribe().with(
                        ended -> done(provider, task),
                        e -> {
                            LOG.errorf("Could not record the end of task %s; its lease will expire and it will be retried: %s",
                                    task.id(), e.getMessage());
                            done(provider, task);
                        });
    }

    private Finish failed(Task task, Throwable e) {
        ProviderException failure = e instanceof ProviderException p ? p
                : new ProviderException("provider_error", "The provider call failed.", true);
        if (!(e instanceof ProviderException)) {
            LOG.warnf(e, "Task %s failed unexpectedly", task.id());
        }
        return new Finish(task.id(), owner, task.attempt(), false, null,
                lifecycle.errorJson(failure.type(), failure.getMessage()));
    }

    private String errorType(Finish finish) {
        try {
            return json.readTree(finish.errorJson()).path("type").asText("provider_error");
        } catch (JsonProcessingException e) {
            return "provider_error";
        }
    }

    private void done(Provider provider, Task task) {
        running.remove(task.id());
        inflight(provider).addAndGet(-task.numImages());
        wake();
    }

    private ProviderCall call(Task task) {
        try {
            ObjectNode input = (ObjectNode) json.readTree(task.inputJson());
            return new ProviderCall(task.id(), task.model(), Operation.fromWire(task.operation()).orElseThrow(),
                    task.numImages(), input);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored input of task " + task.id() + " is not JSON", e);
        }
    }

    private void renewLeases() {
        if (running.isEmpty()) {
            return;
        }
        lifecycle.renew(List.copyOf(running.keySet()), owner).subscribe().with(
                owned -> { }, e -> LOG.warnf("Renewing leases failed: %s", e.getMessage()));
    }

    private void rescue() {
        lifecycle.rescueExpired().subscribe().with(
                n -> {
                    if (n > 0) {
                        LOG.infof("Rescued %d tasks whose lease expired", n);
                        wake();
                    }
                },
                e -> LOG.warnf("Rescuing expired tasks failed: %s", e.getMessage()));
    }

    private AtomicInteger inflight(Provider provider) {
        return inflightImages.computeIfAbsent(provider.id(), id -> new AtomicInteger());
    }
}
