package io.imagegate.task;

/**
 * The end of one attempt at a task, fenced on the attempt: it applies only while the task is still
 * {@code in_progress} under the same owner and attempt number. A completed task is charged for the images it
 * delivered (at most the number asked for); a failed one for none.
 */
public record Finish(String taskId, String owner, int attempt, boolean completed, String outputJson,
                     String errorJson, int imagesDelivered) {

    public static Finish completed(String taskId, String owner, int attempt, String outputJson, int imagesDelivered) {
        return new Finish(taskId, owner, attempt, true, outputJson, null, imagesDelivered);
    }

    public static Finish failed(String taskId, String owner, int attempt, String errorJson) {
        return new Finish(taskId, owner, attempt, false, null, errorJson, 0);
    }
}
