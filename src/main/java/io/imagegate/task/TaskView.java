package io.imagegate.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.imagegate.webhook.DeliveryStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** The task object of the contract (docs/API.md): the {@code data} of GET /tasks/{id} and the body of every event. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TaskView(@JsonProperty("task_id") String taskId,
                       String model,
                       String operation,
                       TaskStatus status,
                       @JsonProperty("created_at") Instant createdAt,
                       @JsonProperty("started_at") Instant startedAt,
                       @JsonProperty("completed_at") Instant completedAt,
                       @JsonProperty("credits_reserved") long creditsReserved,
                       @JsonProperty("credits_consumed") long creditsConsumed,
                       @JsonRawValue @Schema(type = SchemaType.OBJECT, description = "The normalised request")
                       String input,
                       @JsonRawValue @Schema(type = SchemaType.OBJECT, description = "images or descriptions; null until completed")
                       String output,
                       @JsonRawValue @Schema(type = SchemaType.OBJECT, description = "{type, message}; null unless failed")
                       String error,
                       Callback callback) {

    /** A callback's delivery: {@code pending} until the task ends and the webhook is accepted or given up. */
    @RegisterForReflection
    public record Callback(String url, DeliveryStatus status, int attempts) {
    }

    public static TaskView of(Task task) {
        return new TaskView(task.id(), task.model(), task.operation(), task.status(), task.createdAt(),
                task.startedAt(), task.completedAt(), task.creditsReserved(), task.creditsConsumed(), task.inputJson(),
                task.outputJson(), task.errorJson(), task.callbackUrl() == null ? null : new Callback(task.callbackUrl(),
                task.callbackStatus() == null ? DeliveryStatus.PENDING : DeliveryStatus.fromWire(task.callbackStatus()),
                task.callbackAttempts()));
    }
}
