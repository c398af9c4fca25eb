package io.imagegate.account;

/** Credits reserved for one accepted task. */
public record Hold(String accountId, String taskId, long amount) {
}
