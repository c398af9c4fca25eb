package io.imagegate.task;

public final class TaskStatus {

    public static final String PENDING = "pending";
    public static final String IN_PROGRESS = "in_progress";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String CANCELED = "canceled";

    private TaskStatus() {
    }

    public static boolean isTerminal(String status) {
        return COMPLETED.equals(status) || FAILED.equals(status) || CANCELED.equals(status);
    }
}
