package io.imagegate.webhook;

import java.util.List;

/** A claimed delivery: what to send, where, and with which secrets to sign it. */
record Delivery(long id, String messageId, String taskId, String url, String body, int attempts, int maxAttempts,
                List<String> secrets) {
}
