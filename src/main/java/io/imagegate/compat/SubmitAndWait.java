package io.imagegate.compat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagegate.auth.Caller;
import io.imagegate.error.ApiException;
import io.imagegate.task.Accepted;
import io.imagegate.task.SdkRetries;
import io.imagegate.task.TaskIntake;
import io.imagegate.task.TaskQueries;
import io.imagegate.task.TaskStatus;
import io.imagegate.task.TaskView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;

/**
 * What every synchronous dialect does: submit the unified request as a task through {@link TaskIntake} (billed,
 * logged, published like any other), and hold the answer until the task ends, for at most {@link #MAX_WAIT}.
 */
@ApplicationScoped
public class SubmitAndWait {

    public static final Duration MAX_WAIT = Duration.ofSeconds(180);
    private static final int WAIT_STEP_SECONDS = 30;

    /** A task that ended, with its output and error as JSON. */
    public record Ended(TaskView task, JsonNode output, JsonNode error) {
        public boolean completed() {
            return task.status() == TaskStatus.COMPLETED;
        }
    }

    private final TaskIntake intake;
    private final TaskQueries queries;
    private final ObjectMapper json;
    private final SdkRetries retries;

    SubmitAndWait(TaskIntake intake, TaskQueries queries, ObjectMapper json, SdkRetries retries) {
        this.intake = intake;
        this.queries = queries;
        this.json = json;
        this.retries = retries;
    }

    public Uni<Ended> run(Caller caller, ObjectNode unified, String idempotencyKey) {
        return submit(caller, unified, idempotencyKey)
                .chain(accepted -> await(caller.accountId(), accepted.taskId(), Instant.now().plus(MAX_WAIT)));
    }

    /**
     * The same, for a client that retries by itself ({@code X-Stainless-Retry-Count}, the OpenAI SDKs): without an
     * Idempotency-Key, a retry attaches to the task its first attempt started ({@link SdkRetries}).
     */
    public Uni<Ended> run(Caller caller, ObjectNode unified, String idempotencyKey, String retryCount) {
        Integer attempt = SdkRetries.attempt(retryCount);
        if (idempotencyKey != null || attempt == null) {
            return run(caller, unified, idempotencyKey);
        }
        return retries.keyFor(caller, unified, attempt).chain(key -> run(caller, unified, key));
    }

    /** Validates and submits without waiting (the features API's {@code async}). */
    public Uni<Accepted> submit(Caller caller, ObjectNode unified, String idempotencyKey) {
        return intake.accept(caller, unified, idempotencyKey);
    }

    /** The output of a task as JSON, if it has one. */
    public JsonNode output(TaskView task) {
        return read(task.output());
    }

    private Uni<Ended> await(String accountId, String taskId, Instant deadline) {
        long left = Duration.between(Instant.now(), deadline).toSeconds();
        if (left <= 0) {
            return Uni.createFrom().failure(ApiException.timedOut(taskId));
        }
        return queries.get(accountId, taskId, (int) Math.min(WAIT_STEP_SECONDS, left)).chain(task -> {
            if (!task.status().isTerminal()) {
                return await(accountId, taskId, deadline);
            }
            return Uni.createFrom().item(new Ended(task, read(task.output()), read(task.error())));
        });
    }

    private JsonNode read(String value) {
        if (value == null) {
            return null;
        }
        try {
            return json.readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The failure a dialect reports for a task that ended without images. */
    public static ApiException failure(Ended ended) {
        String type = ended.error() == null ? "provider_error" : ended.error().path("type").asText("provider_error");
        String message = ended.error() == null ? "The task did not complete." : ended.error().path("message").asText();
        return ApiException.taskFailed(type, message);
    }
}
