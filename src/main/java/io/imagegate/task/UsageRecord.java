package io.imagegate.task;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/**
 * What one task cost: reserved while it ran; consumed when it completed, for the images it delivered (an image the
 * provider's safety check withheld is not charged, and a task that delivered none costs nothing).
 */
@RegisterForReflection
public record UsageRecord(@JsonProperty("task_id") String taskId,
                          String model,
                          String operation,
                          TaskStatus status,
                          @JsonProperty("num_images") int numImages,
                          @JsonProperty("images_delivered") Integer imagesDelivered,
                          @JsonProperty("credits_reserved") long creditsReserved,
                          @JsonProperty("credits_consumed") long creditsConsumed,
                          @JsonProperty("key_id") String keyId,
                          @JsonProperty("created_at") Instant createdAt,
                          @JsonProperty("completed_at") Instant completedAt) {

    static UsageRecord of(Task task) {
        return new UsageRecord(task.id(), task.model(), task.operation(), task.status(), task.numImages(),
                task.imagesDelivered(), task.creditsReserved(), task.creditsConsumed(), task.apiKeyId(), task.createdAt(), task.completedAt());
    }
}
