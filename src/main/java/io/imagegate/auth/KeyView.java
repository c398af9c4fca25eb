package io.imagegate.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.Set;

/** A key as the admin API shows it; {@code key} is present only in the answer that issued it. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyView(String id,
                      @JsonProperty("account_id") String accountId,
                      String name,
                      @JsonProperty("allowed_models") Set<String> allowedModels,
                      @JsonProperty("rate_limit_per_minute") Integer rateLimitPerMinute,
                      @JsonProperty("expires_at") Instant expiresAt,
                      @JsonProperty("revoked_at") Instant revokedAt,
                      @JsonProperty("created_at") Instant createdAt,
                      String key) {

    public KeyView(String id, String accountId, String name, Set<String> allowedModels, Integer rateLimitPerMinute,
                   Instant expiresAt, Instant revokedAt, Instant createdAt) {
        this(id, accountId, name, allowedModels, rateLimitPerMinute, expiresAt, revokedAt, createdAt, null);
    }
}
