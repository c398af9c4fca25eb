package io.imagegate.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

@RegisterForReflection
public record Account(String id, String name, long balance, long reserved,
                      @JsonProperty("max_concurrent_tasks") Integer maxConcurrentTasks,
                      @JsonProperty("created_at") Instant createdAt) {
}
