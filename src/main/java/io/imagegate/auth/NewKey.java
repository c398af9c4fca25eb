package io.imagegate.auth;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/** Admin request to issue a key. */
public record NewKey(String name,
                     @JsonProperty("expires_at") Instant expiresAt,
                     @JsonProperty("allowed_models") List<String> allowedModels,
                     @JsonProperty("rate_limit_per_minute") Integer rateLimitPerMinute) {
}
