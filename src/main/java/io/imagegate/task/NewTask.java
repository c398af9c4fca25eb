package io.imagegate.task;

import io.imagegate.auth.Caller;
import io.imagegate.catalog.TaskRequest;

import java.time.Instant;

/** A validated submission on its way into the group commit. */
record NewTask(String id, Caller caller, TaskRequest request, String inputJson, Instant createdAt,
               String idempotencyKey, byte[] requestHash) {

    long credits() {
        return request.credits();
    }
}
