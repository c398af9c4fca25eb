package io.imagegate.account;

/** How a held amount ends: captured when the task completed, released when it failed or was canceled. */
public record Settlement(String accountId, String taskId, long amount, boolean captured) {
}
