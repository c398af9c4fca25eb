package io.imagegate.account;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/** One append-only ledger row: {@code amount} changes balance + reserved, {@code hold} changes reserved. */
@RegisterForReflection
public record LedgerEntry(long id,
                          @JsonProperty("account_id") String accountId,
                          @JsonProperty("task_id") String taskId,
                          String kind,
                          long amount,
                          long hold,
                          String reason,
                          @JsonProperty("created_at") Instant createdAt) {
}
