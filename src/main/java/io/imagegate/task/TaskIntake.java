package io.imagegate.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagegate.auth.Caller;
import io.imagegate.catalog.RequestValidator;
import io.imagegate.catalog.TaskRequest;
import io.imagegate.net.InputUrlCheck;
import io.imagegate.ratelimit.RateLimiter;
import io.imagegate.webhook.CallbackUrlCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one way a request becomes a task, whichever dialect it came in: the key's rate limit, validation against the
 * model, the SSRF guard's verdict on the callback and input URLs, then the submission. Every refusal comes before
 * anything is written.
 */
@ApplicationScoped
public class TaskIntake {

    private final RateLimiter limiter;
    private final RequestValidator validator;
    private final CallbackUrlCheck callbacks;
    private final InputUrlCheck inputs;
    private final SubmitService submissions;

    TaskIntake(RateLimiter limiter, RequestValidator validator, CallbackUrlCheck callbacks, InputUrlCheck inputs,
               SubmitService submissions) {
        this.limiter = limiter;
        this.validator = validator;
        this.callbacks = callbacks;
        this.inputs = inputs;
        this.submissions = submissions;
    }

    /** Accepts {@code body} (a request in the native API's fields) as a task of the caller's account. */
    public Uni<Accepted> accept(Caller caller, JsonNode body, String idempotencyKey) {
        return limiter.check(caller).chain(() -> {
            TaskRequest request = validator.validate(body, caller);
            return callbacks.check(request.callbackUrl())
                    .chain(() -> inputs.check(request.input()))
                    .chain(() -> submissions.submit(caller, request, idempotencyKey));
        });
    }
}
