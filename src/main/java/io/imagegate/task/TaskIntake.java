package io.imagegate.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagegate.auth.Caller;
import io.imagegate.catalog.RequestValidator;
import io.imagegate.net.InputUrlCheck;
import io.imagegate.webhook.CallbackUrlCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one way a request becomes a task, whichever dialect it came in (its key's rate limit was checked by
 * {@link io.imagegate.ratelimit.RateLimitFilter}): validation against the model, the SSRF guard's verdict on the
 * callback and input URLs, then the submission. Every refusal comes before anything is written.
 */
@ApplicationScoped
public class TaskIntake {

    private final RequestValidator validator;
    private final CallbackUrlCheck callbacks;
    private final InputUrlCheck inputs;
    private final SubmitService submissions;

    TaskIntake(RequestValidator validator, CallbackUrlCheck callbacks, InputUrlCheck inputs,
               SubmitService submissions) {
        this.validator = validator;
        this.callbacks = callbacks;
        this.inputs = inputs;
        this.submissions = submissions;
    }

    /** Accepts {@code body} (a request in the native API's fields) as a task of the caller's account. */
    public Uni<Accepted> accept(Caller caller, JsonNode body, String idempotencyKey) {
        return Uni.createFrom().item(() -> validator.validate(body, caller))
                .call(request -> callbacks.check(request.callbackUrl()))
                .call(request -> inputs.check(request.input()))
                .chain(request -> submissions.submit(caller, request, idempotencyKey));
    }
}
