package io.imagegate.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/** A task's callback delivery and its attempts, as the customer sees them (no receiver bodies). */
@RegisterForReflection
public record DeliveryView(@JsonProperty("task_id") String taskId,
                           @JsonProperty("webhook_id") String webhookId,
                           String url,
                           DeliveryStatus status,
                           int attempts,
                           @JsonProperty("next_attempt_at") Instant nextAttemptAt,
                           @JsonProperty("delivered_at") Instant deliveredAt,
                           @JsonRawValue @JsonProperty("attempt_log") String attemptLog) {
}
