package io.imagegate.task;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/** The answer to an accepted submission; stored with its Idempotency-Key and replayed as it was. */
@RegisterForReflection
public record Accepted(@JsonProperty("task_id") String taskId,
                       TaskStatus status,
                       String model,
                       @JsonProperty("credits_reserved") long creditsReserved,
                       @JsonProperty("created_at") Instant createdAt) {
}
