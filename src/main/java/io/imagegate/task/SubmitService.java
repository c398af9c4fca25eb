package io.imagegate.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagegate.account.AccountRepository;
import io.imagegate.account.Ledger;
import io.imagegate.auth.Caller;
import io.imagegate.catalog.Routing;
import io.imagegate.catalog.TaskRequest;
import io.imagegate.config.ImagegateConfig;
import io.imagegate.error.ApiException;
import io.imagegate.net.InputImageStore;
import io.imagegate.ops.GatewayMetrics;
import io.imagegate.support.Ids;
import io.imagegate.support.Outcome;
import io.imagegate.support.PipelinedLane;
import io.imagegate.support.Sha256;
import io.imagegate.support.Transactions;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Accepts tasks: one transaction per group of concurrent submissions writes their idempotency rows, credit
 * holds and task rows, so many submissions from one account lock its balance row once, not once each. A task
 * whose lane has room starts in that same transaction ({@link StartPlan}) and goes to the dispatcher after
 * commit; the others wait pending. The transaction takes two round trips: BEGIN with the reads (locks,
 * concurrency room, stored answers, start slots), then the writes as one statement with COMMIT; under load the
 * next group's reads travel behind that COMMIT ({@link PipelinedLane}).
 */
@ApplicationScoped
public class SubmitService {

    private static final int MAX_IDEMPOTENCY_KEY = 255;

    private final Ledger ledger;
    private final AccountRepository accountRepository;
    private final TaskRepository tasks;
    private final IdempotencyRepository idempotency;
    private final ObjectMapper json;
    private final ImagegateConfig config;
    private final GatewayMetrics metrics;
    private final QueueDepth queue;
    private final InputImageStore inputImages;
    private final Routing routing;
    private final TaskStarts starts;
    private final List<PipelinedLane<NewTask, Admission, Accepted>> lanes = new ArrayList<>();

    SubmitService(@ReactiveDataSource("commits") Pool pool, Ledger ledger, AccountRepository accountRepository, TaskRepository tasks, IdempotencyRepository idempotency,
                  ObjectMapper json, ImagegateConfig config, GatewayMetrics metrics, QueueDepth queue,
                  InputImageStore inputImages, Routing routing, TaskStarts starts) {
        this.routing = routing;
        this.starts = starts;
        this.queue = queue;
        this.inputImages = inputImages;
        this.metrics = metrics;
        this.ledger = ledger;
        this.accountRepository = accountRepository;
        this.tasks = tasks;
        this.idempotency = idempotency;
        this.json = json;
        this.config = config;
        for (int i = 0; i < config.submit().concurrentBatches(); i++) {
            lanes.add(new PipelinedLane<>(pool, config.submit().maxBatch(), this::read, this::committed));
        }
    }

    /**
     * Accepts the task, or refuses it with nothing written. Inline input images are stored first (once per account and
     * content) and the task's input refers to them, so no view, event or webhook of the task carries their bytes.
     */
    public Uni<Accepted> submit(Caller caller, TaskRequest request, String idempotencyKey) {
        checkIdempotencyKey(idempotencyKey);
        if (queue.pending() > config.submit().maxPending()) {
            throw ApiException.overloaded(5);
        }
        if (!routing.canServeNow(request.model())) {
            throw modelUnavailable(request.model().id());
        }
        return inputImages.keep(caller.accountId(), request.input()).chain(input -> {
            String inputJson = write(input);
            NewTask task = new NewTask(Ids.task(), caller, request, inputJson, Instant.now().truncatedTo(ChronoUnit.MICROS),
                    idempotencyKey, idempotencyKey == null ? null : requestHash(request, inputJson));
            return lane(caller.accountId()).submit(task);
        });
    }

    /**
     * One account's submissions always share a lane with one transaction in flight: they queue while it runs
     * and leave together, instead of several transactions waiting on the same balance row.
     */
    private PipelinedLane<NewTask, Admission, Accepted> lane(String accountId) {
        return lanes.get(Math.floorMod(accountId.hashCode(), lanes.size()));
    }

    /** The outcome of each submission, the tasks accepted, and those of them that started with their slot. */
    private record Admission(List<Outcome<Accepted>> outcomes, List<NewTask> admitted, List<Task> started,
                             Map<String, StartSlot> startedIn) {
    }

    private Uni<Transactions.Write<Admission>> read(SqlClient tx, List<NewTask> batch) {
        List<String> accounts = accountIds(batch);
        return Uni.combine().all()
                .unis(ledger.lockBalances(tx, accounts), accountRepository.concurrencyRoom(tx, accounts, TaskRepository.ACTIVE_TASKS_OF_A), storedAnswers(tx, batch),
                        StartPlan.read(tx, tasks, startSlots(batch)))
                .asTuple()
                .map(read -> admit(batch, read.getItem1(), read.getItem2(), read.getItem3(), read.getItem4()));
    }

    private List<Outcome<Accepted>> committed(Admission admission) {
        admission.admitted().forEach(t -> {
            metrics.submitted(t.request().model().id(), t.request().operation().wire(), t.credits());
            TaskLifecycle.TRANSITIONS.infof("task=%s account=%s model=%s status=%s", t.id(), t.caller().accountId(),
                    t.request().model().id(), admission.startedIn().containsKey(t.id()) ? TaskStatus.IN_PROGRESS
                            : TaskStatus.PENDING);
        });
        Map<StartSlot, List<Task>> bySlot = new HashMap<>();
        admission.started().forEach(t -> bySlot.computeIfAbsent(admission.startedIn().get(t.id()), s -> new ArrayList<>()).add(t));
        bySlot.forEach((slot, started) -> slot.run().accept(started));
        if (admission.admitted().size() > admission.started().size()) {
            starts.pendingAdded();
        }
        return admission.outcomes();
    }

    private Map<String, StartSlot> startSlots(List<NewTask> batch) {
        Map<String, StartSlot> byModel = new HashMap<>();
        batch.stream().map(t -> t.request().model().id()).distinct()
                .forEach(model -> starts.slotFor(model).ifPresent(slot -> byModel.put(model, slot)));
        return byModel;
    }

    private Uni<Map<IdempotencyRepository.Key, IdempotencyRepository.Stored>> storedAnswers(SqlClient tx, List<NewTask> batch) {
        List<IdempotencyRepository.Key> keys = batch.stream().filter(t -> t.idempotencyKey() != null)
                .map(SubmitService::key).distinct().toList();
        return keys.isEmpty() ? Uni.createFrom().item(Map.of())
                : idempotency.find(tx, keys, config.tasks().idempotencyRetention());
    }

    /** Decides each submission in arrival order; the admitted ones are written together. */
    private Transactions.Write<Admission> admit(List<NewTask> batch, Map<String, Long> balances, Map<String, Long> room,
                                 Map<IdempotencyRepository.Key, IdempotencyRepository.Stored> stored, StartPlan plan) {
        Map<IdempotencyRepository.Key, IdempotencyRepository.Stored> answers = new HashMap<>(stored);
        List<Outcome<Accepted>> outcomes = new ArrayList<>(batch.size());
        List<NewTask> admitted = new ArrayList<>();
        Map<String, StartSlot> startedIn = new HashMap<>();
        List<IdempotencyRepository.Answer> remembered = new ArrayList<>();
        for (NewTask task : batch) {
            IdempotencyRepository.Stored previous = task.idempotencyKey() == null ? null : answers.get(key(task));
            if (previous != null) {
                outcomes.add(replay(task, previous));
                continue;
            }
            Long free = room.get(task.caller().accountId());
            if (free != null && free <= 0) {
                outcomes.add(Outcome.failed(ApiException.rateLimited(
                        "The account has as many tasks pending or in progress as its cap allows; retry when one ends.", 1)));
                continue;
            }
            long available = balances.getOrDefault(task.caller().accountId(), 0L);
            if (available < task.credits()) {
                outcomes.add(Outcome.failed(ApiException.insufficientCredits(task.credits(), available)));
                continue;
            }
            balances.put(task.caller().accountId(), available - task.credits());
            if (free != null) {
                room.put(task.caller().accountId(), free - 1);
            }
            Optional<StartSlot> start = plan.take(task);
            start.ifPresent(slot -> startedIn.put(task.id(), slot));
            Accepted accepted = new Accepted(task.id(), start.isPresent() ? TaskStatus.IN_PROGRESS : TaskStatus.PENDING,
                    task.request().model().id(), task.credits(), task.createdAt());
            if (task.idempotencyKey() != null) {
                String answer = write(accepted);
                IdempotencyRepository.Key key = key(task);
                answers.put(key, new IdempotencyRepository.Stored(task.requestHash(), answer));
                remembered.add(new IdempotencyRepository.Answer(key, task.requestHash(), task.id(), answer));
            }
            admitted.add(task);
            outcomes.add(Outcome.ok(accepted));
        }
        if (admitted.isEmpty()) {
            return Transactions.Write.nothing(new Admission(outcomes, admitted, List.of(), startedIn));
        }
        return tasks.accept(admitted, startedIn, TaskLifecycle.leaseSeconds(config), remembered)
                .map(started -> new Admission(outcomes, admitted, started, startedIn));
    }

    private Outcome<Accepted> replay(NewTask task, IdempotencyRepository.Stored previous) {
        if (!Arrays.equals(previous.requestHash(), task.requestHash())) {
            return Outcome.failed(ApiException.conflict("idempotency_conflict",
                    "This Idempotency-Key was used with a different request body; use a new key for a new request."));
        }
        try {
            return Outcome.ok(json.readValue(previous.responseJson(), Accepted.class));
        } catch (JsonProcessingException e) {
            return Outcome.failed(e);
        }
    }

    private static IdempotencyRepository.Key key(NewTask task) {
        return new IdempotencyRepository.Key(task.caller().keyId(), task.idempotencyKey());
    }

    private static List<String> accountIds(List<NewTask> batch) {
        return batch.stream().map(t -> t.caller().accountId()).distinct().sorted().toList();
    }

    /** Every route of the model is behind an open circuit breaker: a probe is let through after the breaker's delay. */
    private ApiException modelUnavailable(String model) {
        return ApiException.modelUnavailable(model, (int) Math.max(1, config.resilience().breakerDelay().toSeconds()));
    }

    private static void checkIdempotencyKey(String key) {
        if (key == null) {
            return;
        }
        if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw ApiException.invalidRequest("Idempotency-Key",
                    "'Idempotency-Key' must be 1 to " + MAX_IDEMPOTENCY_KEY + " printable ASCII characters without spaces.");
        }
    }

    private static byte[] requestHash(TaskRequest request, String inputJson) {
        return Sha256.of(request.model().id() + '\n' + request.operation().wire() + '\n' + inputJson + '\n'
                + request.callbackUrl());
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
