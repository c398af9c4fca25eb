package io.imagegate.api;

import io.imagegate.auth.Callers;
import io.imagegate.auth.Roles;
import io.imagegate.task.TaskLifecycle;
import io.imagegate.task.TaskPage;
import io.imagegate.task.TaskQueries;
import io.imagegate.task.TaskView;
import io.imagegate.webhook.DeliveryView;
import io.imagegate.webhook.Webhooks;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestStreamElementType;

@RolesAllowed(Roles.ACCOUNT)
@Path("/api/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
public class TasksResource {

    private final Callers callers;
    private final TaskQueries queries;
    private final TaskLifecycle lifecycle;
    private final Webhooks webhooks;

    TasksResource(Callers callers, TaskQueries queries, TaskLifecycle lifecycle, Webhooks webhooks) {
        this.webhooks = webhooks;
        this.callers = callers;
        this.queries = queries;
        this.lifecycle = lifecycle;
    }

    /** The task; with {@code ?wait=N} the answer is held until the task ends or N seconds pass. */
    @GET
    @Path("{id}")
    public Uni<Envelope<TaskView>> get(@PathParam("id") String id, @QueryParam("wait") String wait) {
        return callers.current()
                .chain(caller -> queries.get(caller.accountId(), id, queries.waitSeconds(wait)))
                .map(Envelope::ok);
    }

    /** Server-Sent Events: the task now and each status change, ending after the terminal one. */
    @GET
    @OwnTaskOnly
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<TaskView> events(@PathParam("id") String id) {
        return RestMulti.fromUniResponse(callers.current().chain(caller -> queries.follow(caller.accountId(), id)),
                stream -> stream);
    }

    @GET
    public Uni<Envelope<TaskPage>> list(@QueryParam("status") String status, @QueryParam("model") String model,
                                        @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return callers.current()
                .chain(caller -> queries.list(caller.accountId(), status, model, limit, cursor))
                .map(Envelope::ok);
    }

    /** Cancels a pending task and releases its credits; a task already sent to a provider is a 409. */
    @DELETE
    @Path("{id}")
    @APIResponse(responseCode = "409", description = "The task was already sent to a provider or has ended",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "Error")))

    public Uni<Envelope<TaskView>> cancel(@PathParam("id") String id) {
        return callers.current()
                .chain(caller -> lifecycle.cancel(caller.accountId(), id))
                .map(task -> Envelope.ok(TaskView.of(task)));
    }

    /** The callback delivery of the task and its attempts. */
    @GET
    @Path("{id}/deliveries")
    public Uni<Envelope<DeliveryView>> deliveries(@PathParam("id") String taskId) {
        return callers.current().chain(caller -> webhooks.delivery(caller.accountId(), taskId))
                .map(Envelope::ok);
    }

    /** Re-sends a failed or disabled callback delivery. */
    @POST
    @Path("{id}/deliveries/retry")
    @APIResponse(responseCode = "409", description = "The delivery is pending or delivered",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "Error")))

    public Uni<Envelope<DeliveryView>> retry(@PathParam("id") String taskId) {
        return callers.current().chain(caller -> webhooks.retry(caller.accountId(), taskId))
                .map(Envelope::ok);
    }
}
