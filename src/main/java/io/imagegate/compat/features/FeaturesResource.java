package io.imagegate.compat.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagegate.auth.Caller;
import io.imagegate.auth.Callers;
import io.imagegate.auth.Roles;
import io.imagegate.compat.SubmitAndWait;
import io.imagegate.compat.ideogram.IdeogramAnswer;
import io.imagegate.error.ApiException;
import io.imagegate.ratelimit.RateLimited;
import io.imagegate.task.TaskQueries;
import io.imagegate.task.TaskStatus;
import io.imagegate.task.TaskView;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The features-style API ({@code POST /api/features}, {@code API-KEY} header) for Ideogram 3.0: the
 * {@code IMAGE_GENERATOR}, {@code IMAGE_VARIATOR} (remix) and {@code IMAGE_INPAINTER} (edit) features, answered
 * with an {@code aiRecord}; with {@code "async": true} the record comes back pending and
 * {@code GET /api/results/{uuid}} follows it.
 */
@RolesAllowed(Roles.ACCOUNT)
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class FeaturesResource {

    private static final String MODEL = "ideogram-3";
    private static final Map<String, String> OPERATIONS = Map.of("IMAGE_GENERATOR", "generate",
            "IMAGE_VARIATOR", "remix", "IMAGE_INPAINTER", "edit");
    private static final Set<String> FIELDS = Set.of("prompt", "num_images", "rendering_speed", "transparent",
            "aspect_ratio", "resolution", "magic_prompt", "style_type", "style_preset", "style_reference_images",
            "character_reference_images", "negative_prompt", "upscale_factor", "seed", "imageUrl", "maskUrl",
            "image_weight");
    private static final Map<String, String> RENAMED = Map.of("style_type", "style", "style_reference_images",
            "reference_images", "imageUrl", "image", "maskUrl", "mask_image");
    private static final Map<String, String> CLIENT_NAMES = RENAMED.entrySet().stream()
            .collect(java.util.stream.Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));

    private final Callers callers;
    private final SubmitAndWait tasks;
    private final TaskQueries queries;

    FeaturesResource(Callers callers, SubmitAndWait tasks, TaskQueries queries) {
        this.callers = callers;
        this.tasks = tasks;
        this.queries = queries;
    }

    @POST
    @Path("features")
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited
    public Uni<String> run(JsonNode body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return callers.current().chain(caller -> {
            ObjectNode unified = unified(body);
            String type = body.get("type").asText();
            if (body.path("async").asBoolean(false)) {
                return tasks.submit(caller, unified, idempotencyKey)
                        .chain(accepted -> queries.get(caller.accountId(), accepted.taskId(), 0))
                        .map(task -> record(caller, type, task, null, sent(body)));
            }
            return tasks.run(caller, unified, idempotencyKey)
                    .map(ended -> record(caller, type, ended.task(), ended.output(), sent(body)));
        });
    }

    @GET
    @Path("results/{uuid}")
    public Uni<String> result(@PathParam("uuid") String uuid) {
        return callers.current().chain(caller -> queries.get(caller.accountId(), uuid, 0)
                .map(task -> record(caller, type(task.operation()), task, tasks.output(task), storedPromptObject(task))));
    }

    private static ObjectNode unified(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.invalidRequest(null, "The request body must be a JSON object.");
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!Set.of("type", "model", "promptObject", "async").contains(name)) {
                throw ApiException.unsupportedParameter(name, "Unknown field '" + name + "'.");
            }
        });
        String type = body.path("type").asText("");
        if (!OPERATIONS.containsKey(type)) {
            throw ApiException.invalidValue("type", "'type' must be one of " + String.join(", ", OPERATIONS.keySet()) + ".");
        }
        if (!MODEL.equals(body.path("model").asText())) {
            throw ApiException.invalidValue("model", "'model' must be ideogram-3.");
        }
        JsonNode prompt = body.get("promptObject");
        if (prompt == null || !prompt.isObject()) {
            throw ApiException.invalidRequest("promptObject", "'promptObject' is required.");
        }
        ObjectNode unified = JsonNodeFactory.instance.objectNode();
        unified.put("operation", OPERATIONS.get(type));
        unified.put("model", model(prompt.path("rendering_speed").asText("DEFAULT")));
        prompt.fields().forEachRemaining(field -> {
            String name = field.getKey();
            if (!FIELDS.contains(name)) {
                throw ApiException.unsupportedParameter("promptObject." + name, "Unknown field 'promptObject." + name + "'.");
            }
            if (!name.equals("rendering_speed")) {
                unified.set(RENAMED.getOrDefault(name, name), field.getValue());
            }
        });
        if (prompt.path("transparent").asBoolean(false) && unified.has("style")) {
            throw ApiException.invalidRequest("promptObject.style_type", "'style_type' is not available when transparent is true.");
        }
        return unified;
    }

    private static String model(String speed) {
        return switch (speed.toUpperCase(Locale.ROOT)) {
            case "TURBO" -> "ideogram-v3-turbo";
            case "DEFAULT", "BALANCED" -> "ideogram-v3-balanced";
            case "QUALITY" -> "ideogram-v3-quality";
            default -> throw ApiException.invalidValue("promptObject.rendering_speed",
                    "'rendering_speed' must be TURBO, DEFAULT or QUALITY (FLASH is not offered by this gateway).");
        };
    }

    /** The promptObject exactly as the client sent it. */
    private static JsonObject sent(JsonNode body) {
        return new JsonObject(body.get("promptObject").toString());
    }

    /**
     * What a later read can echo: the task's stored input under the client's field names (the values are the
     * normalised ones; the answer to the submission itself echoes the client's promptObject exactly).
     */
    private static JsonObject storedPromptObject(TaskView task) {
        JsonObject echoed = new JsonObject();
        new JsonObject(task.input()).forEach(field -> echoed.put(CLIENT_NAMES.getOrDefault(field.getKey(), field.getKey()),
                field.getValue()));
        return echoed;
    }

    /**
     * The {@code aiRecord}: status SUCCESS, FAILED, PENDING or PROCESSING, the client's {@code promptObject}, and the
     * Ideogram answer when there is one.
     */
    private static String record(Caller caller, String type, TaskView task, JsonNode output, JsonObject promptObject) {
        String status = switch (task.status()) {
            case COMPLETED -> "SUCCESS";
            case FAILED, CANCELED -> "FAILED";
            case IN_PROGRESS -> "PROCESSING";
            case PENDING -> "PENDING";
        };
        JsonObject detail = new JsonObject().put("promptObject", promptObject);
        if (output != null && task.status() == TaskStatus.COMPLETED) {
            JsonObject answer = IdeogramAnswer.of(task, output);
            JsonArray urls = new JsonArray();
            answer.getJsonArray("data").forEach(item -> urls.add(((JsonObject) item).getString("url")));
            detail.put("resultObject", urls).put("responseObject", answer);
        }
        if (task.error() != null) {
            detail.put("error", new JsonObject(task.error()));
        }
        return new JsonObject().put("aiRecord", new JsonObject()
                .put("uuid", task.taskId())
                .put("userId", caller.keyId())
                .put("teamId", caller.accountId())
                .put("model", MODEL)
                .put("type", type)
                .put("status", status)
                .put("createdAt", task.createdAt().toString())
                .put("aiRecordDetail", detail)
                .put("temporaryUrl", "")).encode();
    }

    private static String type(String operation) {
        return OPERATIONS.entrySet().stream().filter(e -> e.getValue().equals(operation)).map(Map.Entry::getKey)
                .findFirst().orElse("IMAGE_GENERATOR");
    }
}
