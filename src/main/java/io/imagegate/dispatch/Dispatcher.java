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
import io.imagegate.provider.UpstreamTarget;
import io.imagegate.support.ClaimLoop;
import io.imagegate.support.Replica;
import io.imagegate.task.Finish;
import io.imagegate.task.StartSlot;
import io.imagegate.task.Task;
import io.imagegate.task.TaskLifecycle;
import io.imagegate.task.TaskStarts;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Moves tasks to providers. A task whose keyed route has room starts as it is accepted (the dispatcher offers submission
 * a {@link StartSlot} per model and runs what started there); the rest wait in Postgres: for each (route, key)
 * the dispatcher claims only as many images as the key has free. Each task runs through the route's
 * fault-tolerance guard and its attempt ends through the fenced {@link TaskLifecycle}: completed, failed, or given
 * back for another key or route (failover). It wakes on local submissions left pending, on freed capacity and on
 * a short timer (which also picks up work accepted by other replicas).
 */
@ApplicationScoped
class Dispatcher implements TaskStarts {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final TaskLifecycle lifecycle;
    private final ProviderRouting routing;
    private final RouteGuards guards;
    private final ObjectMapper json;
    private final ImagegateConfig config;
    private final GatewayMetrics metrics;
    private final String owner;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final ClaimLoop claims = new ClaimLoop("tasks", this::claimRound);
    /** False only after a probe found nothing waiting and nothing was left pending since: a finished task then
     * wakes no probe (the timer still looks for work accepted by other replicas). */
    private final AtomicBoolean mayBeWaiting = new AtomicBoolean(true);
    private final List<Long> timers = new ArrayList<>();
    private volatile Vertx vertx;
    private volatile boolean stopped;

    Dispatcher(TaskLifecycle lifecycle, ProviderRouting routing, RouteGuards guards,
               ObjectMapper json, ImagegateConfig config, Replica replica, GatewayMetrics metrics) {
        this.lifecycle = lifecycle;
        this.routing = routing;
        this.guards = guards;
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
        for (Running run : running.values()) {
            lifecycle.requeue(run.task.id(), owner, run.attempt, null)
                    .onFailure().recoverWithItem(false)
                    .await().atMost(Duration.ofSeconds(5));
        }
        if (!running.isEmpty()) {
            LOG.infof("Handed %d unfinished tasks back to the queue at shutdown", running.size());
        }
    }

    /** The first keyed route of the model whose key may take work now, if this replica runs tasks and still takes work. */
    @Override
    public Optional<StartSlot> slotFor(String modelId) {
        if (vertx == null || stopped) {
            return Optional.empty();
        }
        for (KeyedRoute keyed : routing.keyedRoutes(modelId)) {
            int budget = routing.budget(keyed);
            if (budget > 0) {
                return Optional.of(new StartSlot(keyed.route().id(), keyed.key().id(), keyed.route().provider(), budget,
                        owner, started -> vertx.runOnContext(() -> started.forEach(task -> run(keyed, task)))));
            }
        }
        return Optional.empty();
    }

    @Override
    public void pendingAdded() {
        mayBeWaiting.set(true);
        wake();
    }

    void wake() {
        if (vertx != null && !stopped) {
            claims.wake();
        }
    }

    /** One sweep: claims for every keyed route whose model has work waiting; true when a keyed route filled its batch. */
    private Uni<Boolean> claimRound() {
        mayBeWaiting.set(false);
        Instant sweep = Instant.now();
        List<KeyedRoute> keyedRoutes = routing.keyedRoutes();
        return lifecycle.waitingModels(keyedRoutes.stream().map(keyed -> keyed.route().modelId()).distinct().toList(), sweep)
                .invoke(waiting -> {
                    if (!waiting.isEmpty()) {
                        mayBeWaiting.set(true);
                    }
                })
                .onItem().transformToMulti(waiting -> Multi.createFrom().iterable(keyedRoutes)
                        .select().where(keyed -> waiting.contains(keyed.route().modelId())))
                .onItem().transformToUniAndConcatenate(keyed -> claimFor(keyed, sweep))
                .collect().asList()
                .map(filled -> filled.stream().anyMatch(full -> full))
                .onFailure().invoke(() -> mayBeWaiting.set(true));
    }

    /** Claims for one keyed route; true when it filled a whole claim batch, so more may be waiting. */
    private Uni<Boolean> claimFor(KeyedRoute keyed, Instant sweep) {
        int budget = routing.budget(keyed);
        if (budget <= 0) {
            return Uni.createFrom().item(false);
        }
        return lifecycle.claim(keyed.route().modelId(), keyed.route().id(), keyed.key().id(), budget, owner,
                        keyed.route().provider(), sweep)
                .invoke(tasks -> tasks.forEach(task -> run(keyed, task)))
                .map(tasks -> tasks.size() >= config.dispatch().claimBatch());
    }

    /**
     * Calls the provider for the task and records how the attempt ended. A task this replica is offered again while
     * its call still runs (its lease lapsed, it was rescued, and this replica claimed it back) keeps that call, now
     * under the new attempt, instead of calling the provider a second time.
     */
    private void run(KeyedRoute keyed, Task task) {
        Running run = new Running(task, System.nanoTime());
        Running current = running.putIfAbsent(task.id(), run);
        if (current != null) {
            current.adopt(task.attempt(), System.nanoTime());
            metrics.leaseLapsed("claimed_back", 1);
            LOG.infof("task=%s claimed again as attempt %d while its call runs; the call carries on", task.id(),
                    task.attempt());
            return;
        }
        Provider provider = routing.provider(keyed.route().provider());
        long started = System.nanoTime();
        run.call = Uni.createFrom().deferred(() -> guards.call(keyed.route(), () -> provider.run(call(keyed, task))))
                .map(result -> AttemptEnd.completed(lifecycle.storableJson(result), result.delivered()))
                .onFailure().recoverWithItem(AttemptEnd::failed)
                .invoke(outcome -> metrics.providerCall(keyed.route().provider(), keyed.route().id(),
                        Duration.ofNanos(System.nanoTime() - started), outcome.errorType()))
                .chain(outcome -> endAsCurrentAttempt(keyed, run, outcome)
                        .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2)).atMost(5))
                .subscribe().with(
                        ignored -> done(run),
                        e -> {
                            LOG.errorf("Could not record the end of task %s; its lease will expire and it will be retried: %s",
                                    task.id(), e.getMessage());
                            done(run);
                        });
    }

    /** Ends the attempt the task is on now; if a re-claim moved it on while the end was recorded, ends that one. */
    private Uni<Boolean> endAsCurrentAttempt(KeyedRoute keyed, Running run, AttemptEnd outcome) {
        int attempt = run.attempt;
        return end(keyed, run.task, attempt, outcome).chain(recorded -> recorded || run.attempt == attempt
                ? Uni.createFrom().item(recorded) : endAsCurrentAttempt(keyed, run, outcome));
    }

    /**
     * Completes, fails, or gives the task back for another key (key at its limit) or route (route failing). False if
     * the fence refused it: the attempt no longer holds the task.
     */
    private Uni<Boolean> end(KeyedRoute keyed, Task task, int attempt, AttemptEnd outcome) {
        ProviderException failure = outcome.failure();
        if (failure == null) {
            return lifecycle.finish(Finish.completed(task.id(), owner, attempt, outcome.outputJson(), outcome.delivered()))
                    .map(Optional::isPresent);
        }
        if (failure.keyAtLimit()) {
            routing.rest(keyed, failure.retryAfterSeconds());
            return requeue(task, attempt, null);
        }
        List<String> avoided = new ArrayList<>(task.avoidRoutes());
        avoided.add(keyed.route().id());
        if (failure.retryable() && routing.hasRouteBesides(task.model(), avoided)) {
            LOG.infof("task=%s failing over from route %s: %s", task.id(), keyed.route().id(), failure.getMessage());
            return requeue(task, attempt, keyed.route().id());
        }
        return lifecycle.finish(Finish.failed(task.id(), owner, attempt,
                lifecycle.errorJson(failure.type(), failure.getMessage()))).map(Optional::isPresent);
    }

    private Uni<Boolean> requeue(Task task, int attempt, String avoidRoute) {
        return lifecycle.requeue(task.id(), owner, attempt, avoidRoute).invoke(() -> mayBeWaiting.set(true));
    }

    private record AttemptEnd(String outputJson, int delivered, ProviderException failure) {
        static AttemptEnd completed(String outputJson, int delivered) {
            return new AttemptEnd(outputJson, delivered, null);
        }

        static AttemptEnd failed(Throwable e) {
            if (e instanceof ProviderException p) {
                return new AttemptEnd(null, 0, p);
            }
            LOG.warnf(e, "A provider call failed unexpectedly");
            return new AttemptEnd(null, 0, ProviderException.retryable("provider_error", "The provider call failed.", null));
        }

        String errorType() {
            return failure == null ? null : failure.type();
        }
    }

    /** Freed capacity may let a waiting task start. */
    private void done(Running run) {
        running.remove(run.task.id(), run);
        if (mayBeWaiting.get()) {
            wake();
        }
    }

    private ProviderCall call(KeyedRoute keyed, Task task) {
        try {
            ObjectNode input = (ObjectNode) json.readTree(task.inputJson());
            UpstreamTarget target = new UpstreamTarget(keyed.route().id(), keyed.route().upstreamModel(), keyed.baseUrl(),
                    keyed.key().secret(), Duration.ofMillis(keyed.route().timeoutMs()));
            return new ProviderCall(task.id(), task.accountId(), task.model(), Operation.fromWire(task.operation()).orElseThrow(),
                    task.numImages(), input, target);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored input of task " + task.id() + " is not JSON", e);
        }
    }

    /**
     * Renews the leases that are a third used: a lease set less than a third ago has two thirds left, so a task
     * shorter than that (most generations) is never renewed. Checked every sixth of the lease, so a lease is
     * renewed with at least half of it left. Only the leases the statement extended count as renewed; of the others,
     * a task another replica took over or that ended is no longer this replica's work, and its call is dropped.
     */
    private void renewLeases() {
        long now = System.nanoTime();
        long renewAfter = config.dispatch().lease().toNanos() / 3;
        List<Running> due = running.values().stream().filter(run -> now - run.leasedAt >= renewAfter).toList();
        if (due.isEmpty()) {
            return;
        }
        List<String> ids = due.stream().map(run -> run.task.id()).toList();
        lifecycle.renew(ids, owner)
                .invoke(renewed -> due.stream().filter(run -> renewed.contains(run.task.id()))
                        .forEach(run -> run.leasedAt = now))
                .map(renewed -> ids.stream().filter(id -> !renewed.contains(id)).toList())
                .chain(missed -> missed.isEmpty() ? Uni.createFrom().item(Set.<String>of()) : lifecycle.takenFrom(missed, owner))
                .subscribe().with(lost -> due.stream().filter(run -> lost.contains(run.task.id())).forEach(this::drop),
                        e -> LOG.warnf("Renewing leases failed: %s", e.getMessage()));
    }

    private void drop(Running run) {
        LOG.infof("task=%s is no longer this replica's (another took it over, or it ended); its call is dropped",
                run.task.id());
        if (run.call != null) {
            run.call.cancel();
        }
        done(run);
    }

    /**
     * A task this replica runs: the attempt it now runs as (a re-claim by this replica moves it on), when its lease
     * was last set ({@link System#nanoTime()}), and its call, to drop when the task is no longer this replica's.
     */
    private static final class Running {
        final Task task;
        volatile int attempt;
        volatile long leasedAt;
        volatile Cancellable call;

        Running(Task task, long leasedAt) {
            this.task = task;
            this.attempt = task.attempt();
            this.leasedAt = leasedAt;
        }

        void adopt(int newAttempt, long now) {
            attempt = newAttempt;
            leasedAt = now;
        }
    }

    private void rescue() {
        lifecycle.rescueExpired().subscribe().with(
                n -> {
                    metrics.leaseLapsed("rescued", n);
                    if (n > 0) {
                        LOG.infof("Rescued %d tasks whose lease expired", n);
                        pendingAdded();
                    }
                },
                e -> LOG.warnf("Rescuing expired tasks failed: %s", e.getMessage()));
    }
}
