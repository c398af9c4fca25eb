package io.imagegate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagegate.auth.Callers;
import io.imagegate.auth.Roles;
import io.imagegate.ratelimit.RateLimited;
import io.imagegate.task.Accepted;
import io.imagegate.task.TaskIntake;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@RolesAllowed(Roles.ACCOUNT)
@Path("/api/v1/images/generations")
public class GenerationsResource {

    private final Callers callers;
    private final TaskIntake intake;

    GenerationsResource(Callers callers, TaskIntake intake) {
        this.callers = callers;
        this.intake = intake;
    }

    /** Accepts a generation task: 202 with its id; the result comes from GET /api/v1/tasks/{id}. */
    @POST
    @APIResponse(responseCode = "202", description = "Accepted; poll the Location")
    @APIResponse(responseCode = "402", description = "The balance does not cover the request; nothing was written",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "403", description = "The key may not use this model",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "409", description = "The Idempotency-Key was used with another body",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "Error")))
    @APIResponse(responseCode = "415", description = "The body is not application/json",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "Error")))
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RateLimited
    public Uni<Response> create(JsonNode body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return callers.current()
                .chain(caller -> intake.accept(caller, body, idempotencyKey))
                .map(GenerationsResource::accepted);
    }

    private static Response accepted(Accepted accepted) {
        // A plain header: Response.location() would parse a URI and resolve it against the request on every call.
        return Response.accepted(new Envelope<>(202, "success", accepted))
                .header(HttpHeaders.LOCATION, "/api/v1/tasks/" + accepted.taskId())
                .build();
    }
}
