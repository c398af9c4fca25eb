package io.imagegate.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagegate.account.Ledger;
import io.imagegate.account.Settlement;
import io.imagegate.config.ImagegateConfig;
import io.imagegate.error.ApiException;
import io.imagegate.event.EventOutbox;
import io.imagegate.event.EventPublisher;
import io.imagegate.event.TaskEvent;
import io.imagegate.ops.GatewayMetrics;
import io.imagegate.support.GroupCommit;
import io.imagegate.support.Outcome;
import io.imagegate.support.StorableText;
import io.imagegate.support.Transactions;
import io.imagegate.webhook.WebhookOutbox;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every change of a task's status after submission: claim, lease renewal and rescue, the end of an attempt,
 * and cancellation. A task ends in one transaction that sets its terminal status by compare-and-set,
 * captures or releases its credits and writes its event to the outbox; the event is published after commit.
 */
@ApplicationScoped
public class TaskLifecycle {

    /** One line per status change, with ids only: never keys, secrets or prompts. */
    static final Logger TRANSITIONS = Logger.getLogger("io.imagegate.task.transitions");
    private final Pool pool;
    /** Finish batches commit on the dedicated pool (see {@link io.imagegate.support.CommitsPoolCreator}). */
    private final Pool commits;
    private final Ledger ledger;
    private final EventOutbox outbox;
    private final EventPublisher publisher;
    private final WebhookOutbox webhooks;
    private final TaskRepository tasks;
    private final ObjectMapper json;
    private final ImagegateConfig config;
    private final GatewayMetrics metrics;
    private final GroupCommit<Finish, Optional<Task>> finishes;

    TaskLifecycle(Pool pool, @ReactiveDataSource("commits") Pool commits, Ledger ledger, EventOutbox outbox, EventPublisher publisher, WebhookOutbox webhooks,
                  TaskRepository tasks, ObjectMapper json, ImagegateConfig config, GatewayMetrics metrics) {
        this.metrics = metrics;
        this.pool = pool;
        this.ledger = ledger;
        this.outbox = outbox;
        this.publisher = publisher;
        this.webhooks = webhooks;
        this.tasks = tasks;
        this.json = json;
        this.config = config;
        this.commits = commits;
        this.finishes = new GroupCommit<>(this::finishBatch, config.dispatch().finishMaxBatch(),
                config.dispatch().finishConcurrentBatches());
    }

    /**
     * Claims pending tasks of a model for one upstream key, oldest first, as many images as the key has free.
     * The key's in-flight count is read from Postgres under a lock on the key, so replicas share one budget.
     * Only tasks accepted by {@code acceptedBy} (the start of the dispatcher's sweep) are taken, so a task
     * accepted mid-sweep waits for the next sweep and its best route, not the route that happens to be next.
     * BEGIN, the lock and the claim travel together; the claim is its own statement so that, under READ
     * COMMITTED, it reads the in-flight count after the lock is held.
     */
    public Uni<List<Task>> claim(String modelId, String routeId, String keyId, int budget, String owner,
                                 String provider, Instant acceptedBy) {
        return Transactions.pipelined(pool, tx -> tasks.claim(tx, modelId, routeId, keyId, budget,
                        config.dispatch().claimBatch(), acceptedBy, owner, provider, leaseSeconds(config)))
                .invoke(claimed -> claimed.forEach(t -> TRANSITIONS.infof("task=%s account=%s model=%s status=%s attempt=%d route=%s",
                        t.id(), t.accountId(), t.model(), t.status(), t.attempt(), routeId)));
    }

    /** Which of these models have a task pending that was accepted by {@code acceptedBy}. */
    public Uni<Set<String>> waitingModels(Collection<String> models, Instant acceptedBy) {
        return tasks.waitingModels(pool, models, acceptedBy);
    }

    /**
     * Gives a claimed task back to the queue after a retryable failure, fenced like {@link #finish}; with a
     * route, the task will not be claimed for that route again (failover). False if the fence refused it.
     */
    public Uni<Boolean> requeue(String taskId, String owner, int attempt, String avoidRoute) {
        return tasks.handBack(taskId, owner, attempt, avoidRoute);
    }

    /**
     * Extends the leases of the tasks this owner still runs, a chunk per statement, and answers which it extended.
     * A task locked at that moment (being finished or handed back) is skipped, not waited for: waiting in a statement
     * that already holds other tasks' locks deadlocked with finish batches, which then waited a second for the
     * deadlock to be detected.
     */
    public Uni<Set<String>> renew(List<String> ids, String owner) {
        return Multi.createFrom().iterable(chunks(ids, config.dispatch().renewChunk()))
                .onItem().transformToUniAndConcatenate(chunk -> tasks.renewLeases(chunk, owner, leaseSeconds(config)))
                .onItem().transformToIterable(renewed -> renewed)
                .collect().asSet();
    }

    /**
     * Which of these tasks the owner has lost: another replica runs them now, or they ended. A task handed back to the
     * queue (its lease lapsed) is not lost yet: this owner may claim it again and keep its running call.
     */
    public Uni<Set<String>> takenFrom(List<String> ids, String owner) {
        return tasks.takenFrom(ids, owner);
    }

    private static List<List<String>> chunks(List<String> ids, int size) {
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += size) {
            chunks.add(ids.subList(from, Math.min(ids.size(), from + size)));
        }
        return chunks;
    }

    /**
     * Tasks whose lease expired (their worker died) go back to {@code pending}; those that used up their
     * attempts fail with their credits released. Returns how many were rescued or failed.
     */
    public Uni<Integer> rescueExpired() {
        int maxAttempts = config.dispatch().maxAttempts();
        Uni<Integer> requeued = tasks.requeueExpired(maxAttempts);
        Uni<Integer> exhausted = tasks.expiredAndExhausted(maxAttempts).chain(attempts -> {
            List<Uni<Optional<Task>>> failing = attempts.stream()
                    .map(a -> finish(Finish.failed(a.taskId(), a.owner(), a.attempt(), errorJson("internal_error",
                            "The task's worker stopped " + a.attempt() + " times; its credits were released."))))
                    .toList();
            return failing.isEmpty() ? Uni.createFrom().item(0)
                    : Uni.join().all(failing).andCollectFailures().map(List::size);
        });
        return requeued.chain(n -> exhausted.map(m -> n + m));
    }

    /** Ends an attempt; empty when the fence refused it because the attempt no longer owns the task. */
    public Uni<Optional<Task>> finish(Finish finish) {
        return finishes.submit(finish);
    }

    public Uni<Task> cancel(String accountId, String taskId) {
        return pool.withTransaction(tx -> tasks.cancel(tx, accountId, taskId)
                        .chain(ended -> settleAndRecord(tx, ended).map(events -> Map.entry(ended, events))))
                .call(this::afterCommit)
                .chain(events -> tasks.find(accountId, taskId))
                .map(found -> {
                    Task task = found.orElseThrow(() -> ApiException.notFound("Task " + taskId));
                    if (task.status() != TaskStatus.CANCELED) {
                        throw ApiException.conflict("task_not_cancelable", "The task is " + task.status()
                                + "; only a pending task can be canceled.");
                    }
                    return task;
                });
    }

    private Uni<List<Outcome<Optional<Task>>>> finishBatch(List<Finish> batch) {
        return Transactions.pipelined(commits, tx -> tasks.endAttempts(tx, batch)
                        .chain(ended -> settleAndRecord(tx, ended).map(events -> Map.entry(ended, events))))
                .invoke(ended -> afterCommit(ended).subscribe().with(published -> { }))
                .map(result -> {
                    Map<String, Task> byId = new HashMap<>();
                    result.getKey().forEach(t -> byId.put(t.id(), t));
                    return batch.stream().map(f -> Outcome.ok(Optional.ofNullable(byId.get(f.taskId())))).toList();
                });
    }

    /**
     * Wakes local waiters and publishes (never failing: the relay retries). A finish batch does not wait for Redis:
     * its group-commit slot is free at commit, so a slow Redis never holds up the next batches' commits.
     */
    private Uni<Void> afterCommit(Map.Entry<List<Task>, List<TaskEvent>> ended) {
        ended.getKey().forEach(this::measure);
        if (ended.getKey().stream().anyMatch(task -> task.callbackUrl() != null)) {
            webhooks.committed();
        }
        return publisher.publishCommitted(ended.getValue());
    }

    private void measure(Task task) {
        TRANSITIONS.infof("task=%s account=%s model=%s status=%s", task.id(), task.accountId(), task.model(), task.status());
        metrics.finished(task.model(), task.operation(), task.status().wire(), task.creditsConsumed(),
                task.creditsReserved() - task.creditsConsumed(), task.startedAt() == null ? null : Duration.between(task.createdAt(), task.startedAt()),
                Duration.between(task.createdAt(), task.completedAt()));
    }

    /**
     * Captures or releases the credits of tasks that just ended and appends their events, in {@code tx}. The
     * statements go out together; Postgres runs them in order, so the balances are locked before they change.
     * Only accounts whose credits change are locked: a task without credits does not wait on its account.
     */
    private Uni<List<TaskEvent>> settleAndRecord(SqlClient tx, List<Task> ended) {
        if (ended.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Settlement> settlements = ended.stream().filter(t -> t.creditsReserved() > 0)
                .map(t -> new Settlement(t.accountId(), t.id(), t.creditsReserved(), t.creditsConsumed()))
                .toList();
        List<String> accounts = settlements.stream().map(Settlement::accountId).distinct().sorted().toList();
        List<EventOutbox.NewEvent> drafts = ended.stream()
                .map(t -> new EventOutbox.NewEvent(t.id(), t.accountId(), t.status().wire(), toJson(TaskView.of(t))))
                .toList();
        List<WebhookOutbox.NewDelivery> callbacks = ended.stream().filter(t -> t.callbackUrl() != null)
                .map(t -> new WebhookOutbox.NewDelivery(t.id(), t.accountId(), t.callbackUrl(),
                        WebhookOutbox.body(t.status().wire(), t.completedAt(), webhookData(t))))
                .toList();
        return Uni.combine().all()
                .unis(ledger.lockBalances(tx, accounts), ledger.settle(tx, settlements), webhooks.append(tx, callbacks),
                        outbox.append(tx, drafts))
                .with((balances, settled, delivered, events) -> events);
    }

    /**
     * The task as its webhook carries it: without {@code callback}, which would say "pending, 0 attempts" on every
     * attempt; the delivery's own state is in its headers and in GET /api/v1/tasks/{id}/deliveries.
     */
    private String webhookData(Task task) {
        ObjectNode view = json.valueToTree(TaskView.of(task));
        view.remove("callback");
        return toJson(view);
    }

    public String errorJson(String type, String message) {
        return storableJson(new TaskError(type, message));
    }

    /**
     * A provider's answer (an output, or an error that quotes it) as JSON, with any text Postgres cannot hold (it may
     * carry U+0000) made storable. Views of stored tasks need no such pass: what they show was stored this way.
     */
    public String storableJson(Object providerAnswer) {
        return toJson(StorableText.sanitiseTree(json.valueToTree(providerAnswer)));
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code error} of a failed task. */
    @RegisterForReflection
    public record TaskError(String type, String message) {
    }

    /** The lease a claimed or started task gets, in seconds, as the statements take it. */
    static double leaseSeconds(ImagegateConfig config) {
        return config.dispatch().lease().toMillis() / 1000.0;
    }
}
