package io.imagegate.task;

/**
 * The end of one attempt at a task, fenced on the attempt: it applies only while the task is still
 * {@code in_progress} under the same owner and attempt number.
 */
public record Finish(String taskId, String owner, int attempt, boolean completed, String outputJson,
                     String errorJson) {
}
