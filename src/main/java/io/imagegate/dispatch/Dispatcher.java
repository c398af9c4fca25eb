package io.imagegate.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagegate.catalog.Operation;
import io.imagegate.config.ImagegateConfig;
import io.imagegate.ops.GatewayMetrics;
import io.imagegate.provider.Provider;
import io.imagegate.provider.ProviderCall;
import io.imagegate.provider.ProviderException;
import io.imagegate.provider.ProviderResult;
import io.imagegate.provider.UpstreamTarget;
import io.imagegate.support.Replica;
import io.imagegate.task.Finish;
import io.imagegate.task.StartSlot;
import io.imagegate.task.SubmitService;
import io.imagegate.task.Task;
import io.imagegate.task.TaskLifecycle;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Moves tasks to providers. A task whose lane has room starts as it is accepted (the dispatcher offers submission
 * a {@link StartSlot} per model and runs what started there); the rest wait in Postgres: for each (route, key) lane
 * the dispatcher claims only as many images as the key has free. Each task runs through the route's
 * fault-tolerance guard and its attempt ends through the fenced {@link TaskLifecycle}: completed, failed, or given
 * back for another key or route (failover). It wakes on local submissions left pending, on freed capacity and on
 * a short timer (which also picks up work accepted by other replicas).
 */
@ApplicationScoped
class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final TaskLifecycle lifecycle;
    private final ProviderRouting routing;
    private final RouteGuards guards;
    private final SubmitService submissions;
    private final ObjectMapper json;
    private final ImagegateConfig config;
    private final GatewayMetrics metrics;
    private final String owner;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final AtomicBoolean claiming = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    /** False only after a probe found nothing waiting and nothing was left pending since: a finished task then
     * wakes no probe (the timer still looks for work accepted by other replicas). */
    private final AtomicBoolean mayBeWaiting = new AtomicBoolean(true);
    private final List<Long> timers = new ArrayList<>();
    private Vertx vertx;
    private volatile boolean stopped;

    Dispatcher(TaskLifecycle lifecycle, ProviderRouting routing, RouteGuards guards, SubmitService submissions,
               ObjectMapper json, ImagegateConfig config, Replica replica, GatewayMetrics metrics) {
        this.lifecycle = lifecycle;
        this.routing = routing;
        this.guards = guards;
        this.submissions = submissions;
        this.json = json;
        this.config = config;
        this.metrics = metrics;
        this.owner = replica.id();
    }

    void start(@Observes StartupEvent ignored, Vertx vertx) {
        if (!config.dispatch().enabled()) {
            LOG.info("Dispatch is disabled on this replica: it accepts tasks but does not run them");
            return;
        }
        this.vertx = vertx;
        submissions.onAccepted(this::pendingAdded);
        submissions.startIn(this::slotFor);
        metrics.gauge("imagegate.tasks.running", "replica", "this", running::size);
        timers.add(vertx.setPeriodic(config.dispatch().pollInterval().toMillis(), id -> wake()));
        timers.add(vertx.setPeriodic(config.dispatch().lease().toMillis() / 6, id -> renewLeases()));
        timers.add(vertx.setPeriodic(config.dispatch().rescueInterval().toMillis(), id -> rescue()));
        LOG.infof("Dispatcher %s started", owner);
    }

    /**
     * Graceful shutdown: claim nothing more, let running tasks finish for up to the drain timeout, then hand
     * the rest back (pending again, lease released) so another replica runs them at once rather than after
     * their lease expires.
     */
    void stop(@Observes ShutdownEvent ignored) {
        stopped = true;
        if (vertx == null) {
            return;
        }
        timers.forEach(vertx::cancelTimer);
        long deadline = System.nanoTime() + config.dispatch().drainTimeout().toNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Task task : running.values().stream().map(Running::task).toList()) {
            lifecycle.requeue(task.id(), owner, task.attempt(), null)
                    .onFailure().recoverWithItem(false)
                    .await().atMost(Duration.ofSeconds(5));
        }
        if (!running.isEmpty()) {
            LOG.infof("Handed %d unfinished tasks back to the queue at shutdown", running.size());
        }
    }

    /** The first lane of the model whose key may take work now, if this replica still takes work. */
    private Optional<StartSlot> slotFor(String modelId) {
        if (stopped) {
            return Optional.empty();
        }
        for (Lane lane : routing.lanes(modelId)) {
            int budget = routing.budget(lane);
            if (budget > 0) {
                return Optional.of(new StartSlot(lane.route().id(), lane.key().id(), lane.route().provider(), budget,
                        owner, started -> vertx.runOnContext(() -> started.forEach(task -> run(lane, task)))));
            }
        }
        return Optional.empty();
    }

    private void pendingAdded() {
        mayBeWaiting.set(true);
        wake();
    }

    void wake() {
        if (stopped) {
            return;
        }
        if (!claiming.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        mayBeWaiting.set(false);
        Instant sweep = Instant.now();
        List<Lane> lanes = routing.lanes();
        lifecycle.waitingModels(lanes.stream().map(lane -> lane.route().modelId()).distinct().toList(), sweep)
                .invoke(waiting -> {
                    if (!waiting.isEmpty()) {
                        mayBeWaiting.set(true);
                    }
                })
                .onItem().transformToMulti(waiting -> Multi.createFrom().iterable(lanes)
                        .select().where(lane -> waiting.contains(lane.route().modelId())))
                .onItem().transformToUniAndConcatenate(lane -> claimFor(lane, sweep))
                .collect().asList()
                .subscribe().with(claimed -> claimed(claimed.stream().anyMatch(full -> full)), e -> {
                    LOG.warnf("Claiming tasks failed: %s", e.getMessage());
                    mayBeWaiting.set(true);
                    claimed(false);
                });
    }

    private void claimed(boolean mayBeMore) {
        claiming.set(false);
        if (again.getAndSet(false) || mayBeMore) {
            wake();
        }
    }

    /** Claims for one lane; true when it filled a whole claim batch, so more may be waiting. */
    private Uni<Boolean> claimFor(Lane lane, Instant sweep) {
        int budget = routing.budget(lane);
        if (budget <= 0) {
            return Uni.createFrom().item(false);
        }
        return lifecycle.claim(lane.route().modelId(), lane.route().id(), lane.key().id(), budget, owner,
                        lane.route().provider(), sweep)
                .invoke(tasks -> tasks.forEach(task -> run(lane, task)))
                .map(tasks -> tasks.size() >= config.dispatch().claimBatch());
    }

    private void run(Lane lane, Task task) {
        running.put(task.id(), new Running(task, System.nanoTime()));
        Provider provider = routing.provider(lane.route().provider());
        long started = System.nanoTime();
        Uni.createFrom().deferred(() -> guards.call(lane.route(), () -> provider.run(call(lane, task))))
                .map(result -> Outcome.completed(lifecycle.write(result)))
                .onFailure().recoverWithItem(Outcome::failed)
                .invoke(outcome -> metrics.providerCall(lane.route().provider(),
                        Duration.ofNanos(System.nanoTime() - started), outcome.errorType()))
                .chain(outcome -> end(lane, task, outcome)
                        .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2)).atMost(5))
                .subscribe().with(
                        ignored -> done(task),
                        e -> {
                            LOG.errorf("Could not record the end of task %s; its lease will expire and it will be retried: %s",
                                    task.id(), e.getMessage());
                            done(task);
                        });
    }

    /** Completes, fails, or gives the task back for another key (key at its limit) or route (route failing). */
    private Uni<?> end(Lane lane, Task task, Outcome outcome) {
        ProviderException failure = outcome.failure();
        if (failure == null) {
            return lifecycle.finish(new Finish(task.id(), owner, task.attempt(), true, outcome.outputJson(), null));
        }
        if (failure.keyAtLimit()) {
            routing.rest(lane, failure.retryAfterSeconds());
            return requeue(task, null);
        }
        List<String> avoided = new ArrayList<>(task.avoidRoutes());
        avoided.add(lane.route().id());
        if (failure.retryable() && routing.hasRouteBesides(task.model(), avoided)) {
            LOG.infof("task=%s failing over from route %s: %s", task.id(), lane.route().id(), failure.getMessage());
            return requeue(task, lane.route().id());
        }
        return lifecycle.finish(new Finish(task.id(), owner, task.attempt(), false, null,
                lifecycle.errorJson(failure.type(), failure.getMessage())));
    }

    private Uni<Boolean> requeue(Task task, String avoidRoute) {
        return lifecycle.requeue(task.id(), owner, task.attempt(), avoidRoute).invoke(() -> mayBeWaiting.set(true));
    }

    private record Outcome(String outputJson, ProviderException failure) {
        static Outcome completed(String outputJson) {
            return new Outcome(outputJson, null);
        }

        static Outcome failed(Throwable e) {
            if (e instanceof ProviderException p) {
                return new Outcome(null, p);
            }
            LOG.warnf(e, "A provider call failed unexpectedly");
            return new Outcome(null, ProviderException.retryable("provider_error", "The provider call failed.", null));
        }

        String errorType() {
            return failure == null ? null : failure.type();
        }
    }

    /** Freed capacity may let a waiting task start. */
    private void done(Task task) {
        running.remove(task.id());
        if (mayBeWaiting.get()) {
            wake();
        }
    }

    private ProviderCall call(Lane lane, Task task) {
        try {
            ObjectNode input = (ObjectNode) json.readTree(task.inputJson());
            UpstreamTarget target = new UpstreamTarget(lane.route().id(), lane.route().upstreamModel(), lane.baseUrl(),
                    lane.key().secret(), Duration.ofMillis(lane.route().timeoutMs()));
            return new ProviderCall(task.id(), task.model(), Operation.fromWire(task.operation()).orElseThrow(),
                    task.numImages(), input, target);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored input of task " + task.id() + " is not JSON", e);
        }
    }

    /**
     * Renews the leases that are a third used: a lease set less than a third ago has two thirds left, so a task
     * shorter than that (most generations) is never renewed. Checked every sixth of the lease, so a lease is
     * renewed with at least half of it left.
     */
    private void renewLeases() {
        long now = System.nanoTime();
        long renewAfter = config.dispatch().lease().toNanos() / 3;
        List<String> due = running.entrySet().stream().filter(e -> now - e.getValue().leasedAt() >= renewAfter)
                .map(Map.Entry::getKey).toList();
        if (due.isEmpty()) {
            return;
        }
        lifecycle.renew(due, owner).subscribe().with(
                renewed -> due.forEach(id -> running.computeIfPresent(id, (key, run) -> new Running(run.task(), now))),
                e -> LOG.warnf("Renewing leases failed: %s", e.getMessage()));
    }

    /** A task this replica runs, and when its lease was last set ({@link System#nanoTime()}). */
    private record Running(Task task, long leasedAt) {
    }

    private void rescue() {
        lifecycle.rescueExpired().subscribe().with(
                n -> {
                    if (n > 0) {
                        LOG.infof("Rescued %d tasks whose lease expired", n);
                        pendingAdded();
                    }
                },
                e -> LOG.warnf("Rescuing expired tasks failed: %s", e.getMessage()));
    }
}
