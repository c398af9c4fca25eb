package io.imagegate.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/** Admin request to issue a key. */
@RegisterForReflection
public record NewKey(String name,
                     @JsonProperty("expires_at") Instant expiresAt,
                     @JsonProperty("allowed_models") List<String> allowedModels,
                     @JsonProperty("rate_limit_per_minute") Integer rateLimitPerMinute) {
}
