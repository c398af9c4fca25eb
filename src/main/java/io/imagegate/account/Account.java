package io.imagegate.account;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

public record Account(String id, String name, long balance, long reserved,
                      @JsonProperty("created_at") Instant createdAt) {
}
