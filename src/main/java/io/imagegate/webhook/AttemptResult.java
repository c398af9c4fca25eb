package io.imagegate.webhook;

/** What one attempt came to: a status code, or an error without one; never the receiver's body. */
record AttemptResult(long startedAtMillis, int durationMillis, Integer statusCode, String error,
                     Long retryAfterSeconds) {

    boolean delivered() {
        return statusCode != null && statusCode >= 200 && statusCode < 300;
    }

    /** Why it was not delivered, as a metric tag: the status class, or the error's kind; null when delivered. */
    String failureReason() {
        if (delivered()) {
            return null;
        }
        if (statusCode != null) {
            return "status_" + statusCode / 100 + "xx";
        }
        String text = String.valueOf(error).toLowerCase(java.util.Locale.ROOT);
        return text.contains("timeout") || text.contains("timed out") ? "timeout"
                : text.contains("refused") ? "refused" : "connection";
    }

    boolean gone() {
        return statusCode != null && statusCode == 410;
    }
}
