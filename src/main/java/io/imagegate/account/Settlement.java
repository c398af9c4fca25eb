package io.imagegate.account;

/**
 * How a held amount ends: {@code captured} of it is charged (a completed task's share for the images it delivered)
 * and the rest released (all of it when the task failed or was canceled).
 */
public record Settlement(String accountId, String taskId, long held, long captured) {

    public long released() {
        return held - captured;
    }
}
