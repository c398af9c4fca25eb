package io.imagegate.webhook;

/** What one attempt came to: a status code, or an error without one; never the receiver's body. */
record AttemptResult(long startedAtMillis, int durationMillis, Integer statusCode, String error,
                     Long retryAfterSeconds) {

    boolean delivered() {
        return statusCode != null && statusCode >= 200 && statusCode < 300;
    }

    boolean gone() {
        return statusCode != null && statusCode == 410;
    }
}
