package io.imagegate.event;

/** A task's terminal status change, as written to the outbox and published to Redis. */
public record TaskEvent(long id, String taskId, String accountId, String status, String payload) {
}
