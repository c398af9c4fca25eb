package io.imagegate.compat.ideogram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagegate.auth.Callers;
import io.imagegate.auth.Roles;
import io.imagegate.compat.SubmitAndWait;
import io.imagegate.error.ApiException;
import io.imagegate.net.ImageBytes;
import io.imagegate.ratelimit.RateLimited;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ideogram's own API under /ideogram (as resellers expose it): its paths, encodings (multipart with file parts,
 * JSON where Ideogram takes it, the legacy {@code image_request} wrapper), {@code Api-Key} auth, its answer
 * and its errors. Each call is a task underneath, and the route answers when the task has ended.
 */
@RolesAllowed(Roles.ACCOUNT)
@RateLimited
@Path("/ideogram")
@Produces(MediaType.APPLICATION_JSON)
public class IdeogramNativeResource {

    private static final Set<String> V3_JSON = Set.of("generate", "generate-transparent");
    private static final Set<String> V3 = Set.of("generate", "generate-transparent", "edit", "inpaint", "remix", "reframe",
            "replace-background");
    private static final Set<String> LEGACY = Set.of("edit", "remix", "upscale", "describe");

    private final Callers callers;
    private final SubmitAndWait tasks;
    private final ObjectMapper json;

    IdeogramNativeResource(Callers callers, SubmitAndWait tasks, ObjectMapper json) {
        this.callers = callers;
        this.tasks = tasks;
        this.json = json;
    }

    @POST
    @Path("v1/ideogram-v3/{endpoint}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    public Uni<String> v3Multipart(@PathParam("endpoint") String endpoint, MultipartFormDataInput input, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        known(V3, endpoint);
        return run(IdeogramTranslator.v3(endpoint, form(input)), idempotencyKey, false);
    }

    @POST
    @Path("v1/ideogram-v3/{endpoint}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<String> v3Json(@PathParam("endpoint") String endpoint, JsonNode body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        known(V3_JSON, endpoint);
        return run(IdeogramTranslator.v3(endpoint, form(body)), idempotencyKey, false);
    }

    @POST
    @Path("v1/ideogram-v4/generate")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    public Uni<String> v4Multipart(MultipartFormDataInput input, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return run(IdeogramTranslator.v4(form(input)), idempotencyKey, false);
    }

    @POST
    @Path("v1/ideogram-v4/generate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<String> v4Json(JsonNode body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return run(IdeogramTranslator.v4(form(body)), idempotencyKey, false);
    }

    /** Legacy generate: JSON {@code {"image_request": {...}}}. */
    @POST
    @Path("generate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<String> legacyGenerate(JsonNode body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        JsonNode request = body == null ? null : body.get("image_request");
        if (request == null || !request.isObject()) {
            throw ApiException.invalidRequest("image_request", "The body must be {\"image_request\": {...}}.");
        }
        IdeogramTranslator.Form none = new IdeogramTranslator.Form(Map.of(), Map.of());
        return run(IdeogramTranslator.legacy("generate", request, none), idempotencyKey, false);
    }

    /** Legacy edit, remix, upscale and describe: {@code image_file} with an {@code image_request} JSON part (or fields). */
    @POST
    @Path("{endpoint}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    public Uni<String> legacy(@PathParam("endpoint") String endpoint, MultipartFormDataInput input, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        known(LEGACY, endpoint);
        IdeogramTranslator.Form form = form(input);
        JsonNode request = legacyRequest(form);
        return run(IdeogramTranslator.legacy(endpoint, request, form), idempotencyKey, endpoint.equals("describe"));
    }

    private Uni<String> run(ObjectNode unified, String idempotencyKey, boolean describe) {
        return callers.current()
                .chain(caller -> tasks.run(caller, unified, idempotencyKey))
                .map(ended -> describe ? descriptions(ended) : images(ended));
    }

    private String images(SubmitAndWait.Ended ended) {
        if (!ended.completed()) {
            throw SubmitAndWait.failure(ended);
        }
        return IdeogramAnswer.of(ended.task(), ended.output()).encode();
    }

    private String descriptions(SubmitAndWait.Ended ended) {
        if (!ended.completed()) {
            throw SubmitAndWait.failure(ended);
        }
        JsonArray out = new JsonArray();
        ended.output().path("descriptions").forEach(text -> out.add(new JsonObject().put("text", text.asText())));
        return new JsonObject().put("descriptions", out).encode();
    }

    private JsonNode legacyRequest(IdeogramTranslator.Form form) {
        String request = form.text("image_request");
        try {
            if (request != null) {
                return json.readTree(request);
            }
            ObjectNode fields = json.createObjectNode();
            form.fields().forEach((name, values) -> fields.put(name, values.get(0)));
            return fields;
        } catch (IOException e) {
            throw ApiException.invalidRequest("image_request", "'image_request' must be JSON text.");
        }
    }

    private static IdeogramTranslator.Form form(MultipartFormDataInput input) {
        Map<String, List<String>> fields = new HashMap<>();
        Map<String, List<String>> files = new HashMap<>();
        input.getValues().forEach((name, values) -> {
            for (FormValue value : values) {
                if (value.isFileItem()) {
                    files.computeIfAbsent(name, n -> new ArrayList<>()).add(dataUri(value));
                } else {
                    fields.computeIfAbsent(name, n -> new ArrayList<>()).add(value.getValue());
                }
            }
        });
        return new IdeogramTranslator.Form(fields, files);
    }

    private static IdeogramTranslator.Form form(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.invalidRequest(null, "The request body must be a JSON object.");
        }
        Map<String, List<String>> fields = new HashMap<>();
        body.fields().forEachRemaining(e -> fields.put(e.getKey(), List.of(e.getValue().asText())));
        return new IdeogramTranslator.Form(fields, Map.of());
    }

    /** A file part as a data: URI, typed by its content (the validator refuses what is not an image). */
    private static String dataUri(FormValue value) {
        try (InputStream in = value.getFileItem().getInputStream()) {
            byte[] bytes = in.readAllBytes();
            String type = ImageBytes.sniff(bytes).map(ImageBytes::contentType).orElse("application/octet-stream");
            return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void known(Set<String> endpoints, String endpoint) {
        if (!endpoints.contains(endpoint)) {
            throw ApiException.notFound("Endpoint " + endpoint);
        }
    }
}
