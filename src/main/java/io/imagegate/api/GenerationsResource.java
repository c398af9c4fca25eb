package io.imagegate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagegate.auth.Authenticator;
import io.imagegate.catalog.RequestValidator;
import io.imagegate.catalog.TaskRequest;
import io.imagegate.webhook.CallbackUrlCheck;
import io.imagegate.task.Accepted;
import io.imagegate.task.SubmitService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;

@Path("/api/v1/images/generations")
public class GenerationsResource {

    private final Authenticator authenticator;
    private final RequestValidator validator;
    private final SubmitService submissions;
    private final CallbackUrlCheck callbacks;

    GenerationsResource(Authenticator authenticator, RequestValidator validator, SubmitService submissions,
                        CallbackUrlCheck callbacks) {
        this.callbacks = callbacks;
        this.authenticator = authenticator;
        this.validator = validator;
        this.submissions = submissions;
    }

    /** Accepts a generation task: 202 with its id; the result comes from GET /api/v1/tasks/{id}. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> create(JsonNode body, HttpHeaders headers) {
        return authenticator.caller(headers)
                .chain(caller -> {
                    TaskRequest request = validator.validate(body, caller);
                    return callbacks.check(request.callbackUrl())
                            .chain(() -> submissions.submit(caller, request, headers.getHeaderString("Idempotency-Key")));
                })
                .map(GenerationsResource::accepted);
    }

    private static Response accepted(Accepted accepted) {
        return Response.accepted(new Envelope<>(202, "success", accepted))
                .location(URI.create("/api/v1/tasks/" + accepted.taskId()))
                .build();
    }
}
