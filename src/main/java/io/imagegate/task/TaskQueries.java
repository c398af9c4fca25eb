package io.imagegate.task;

import io.imagegate.config.ImagegateConfig;
import io.imagegate.error.ApiException;
import io.imagegate.support.QueryParams;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads of the caller's own tasks; another account's task is indistinguishable from a missing one. */
@ApplicationScoped
public class TaskQueries {

    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 100;

    private final TaskRepository tasks;
    private final TaskWaiters waiters;
    private final ImagegateConfig config;

    TaskQueries(TaskRepository tasks, TaskWaiters waiters, ImagegateConfig config) {
        this.tasks = tasks;
        this.waiters = waiters;
        this.config = config;
    }

    public Uni<TaskView> get(String accountId, String id, int waitSeconds) {
        return find(accountId, id).chain(task -> {
            if (task.isTerminal() || waitSeconds == 0) {
                return Uni.createFrom().item(task);
            }
            return waiters.await(id, Duration.ofSeconds(waitSeconds)).chain(() -> find(accountId, id));
        }).map(TaskView::of);
    }

    /**
     * The task now, then each change of its status, ending after the terminal one: woken by completions (local
     * or via Redis) and re-read every couple of seconds for the changes nobody announces (pending → in_progress).
     * When the replica shuts down the stream ends with the task as it stands; the client reconnects elsewhere.
     */
    public Uni<Multi<TaskView>> follow(String accountId, String id) {
        return find(accountId, id).map(first -> Multi.createFrom().emitter(emitter -> step(accountId, first, null, emitter)));
    }

    private void step(String accountId, Task task, TaskStatus lastStatus, MultiEmitter<? super TaskView> emitter) {
        if (emitter.isCancelled()) {
            return;
        }
        boolean closing = waiters.closing();
        if (task.status() != lastStatus || closing) {
            emitter.emit(TaskView.of(task));
        }
        if (task.isTerminal() || closing) {
            emitter.complete();
            return;
        }
        waiters.await(task.id(), config.tasks().waitPollInterval())
                .chain(() -> find(accountId, task.id()))
                .subscribe().with(next -> step(accountId, next, task.status(), emitter), emitter::fail);
    }

    public Uni<TaskPage> list(String accountId, String status, String model, String limit, String cursor) {
        if (status != null && TaskStatus.fromWire(status).isEmpty()) {
            throw ApiException.invalidValue("status", "'status' must be one of "
                    + Arrays.stream(TaskStatus.values()).map(TaskStatus::wire).sorted().collect(Collectors.joining(", ")) + ".");
        }
        return page(accountId, status, model, null, null, limit, cursor, TaskView::of);
    }

    public Uni<TaskPage> usage(String accountId, String from, String to, String limit, String cursor) {
        return page(accountId, null, null, QueryParams.instant("from", from), QueryParams.instant("to", to), limit, cursor, UsageRecord::of);
    }

    /** {@code ?wait=} in seconds, 0 when absent, at most the configured maximum. */
    public int waitSeconds(String wait) {
        return wait == null ? 0 : (int) QueryParams.integer("wait", wait, 0, config.tasks().maxWait().toSeconds());
    }

    private Uni<Task> find(String accountId, String id) {
        return tasks.find(accountId, id).map(found -> found.orElseThrow(() -> ApiException.notFound("Task " + id)));
    }

    private Uni<TaskPage> page(String accountId, String status, String model, Instant from, Instant to, String limit,
                               String cursor, Function<Task, ?> view) {
        int size = limit == null ? DEFAULT_LIMIT : (int) QueryParams.integer("limit", limit, 1, MAX_LIMIT);
        return tasks.list(accountId, status, model, Cursor.decode(cursor), from, to, size + 1).map(found -> {
            List<Task> items = found.size() > size ? found.subList(0, size) : found;
            String next = found.size() > size ? Cursor.after(items.get(items.size() - 1)).encode() : null;
            return new TaskPage(items.stream().map(view).toList(), next);
        });
    }
}
