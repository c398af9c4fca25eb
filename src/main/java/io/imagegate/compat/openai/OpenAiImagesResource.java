package io.imagegate.compat.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagegate.auth.Callers;
import io.imagegate.auth.Roles;
import io.imagegate.catalog.Catalog;
import io.imagegate.compat.ResultImages;
import io.imagegate.compat.SubmitAndWait;
import io.imagegate.error.ApiException;
import io.imagegate.ratelimit.RateLimited;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * OpenAI's images API, so OpenAI SDK clients work with only the base URL and key changed: synchronous
 * generations, edits and variations (each a task underneath), {@code url} or {@code b64_json} answers, and the models.
 */
@RolesAllowed(Roles.ACCOUNT)
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class OpenAiImagesResource {

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ImageData(String url, String b64_json, String revised_prompt) {
    }

    @RegisterForReflection
    public record ImagesResponse(long created, List<ImageData> data) {
    }

    @RegisterForReflection
    public record Model(String id, String object, long created, String owned_by) {
    }

    @RegisterForReflection
    public record ModelList(String object, List<Model> data) {
    }

    /** How many times the OpenAI SDK has already sent this request. */
    private static final String RETRY_COUNT = "X-Stainless-Retry-Count";

    private final Callers callers;
    private final OpenAiTranslator translator;
    private final SubmitAndWait tasks;
    private final ResultImages images;
    private final Catalog catalog;
    private final ObjectMapper json;

    OpenAiImagesResource(Callers callers, OpenAiTranslator translator, SubmitAndWait tasks, ResultImages images,
                         Catalog catalog, ObjectMapper json) {
        this.json = json;
        this.callers = callers;
        this.translator = translator;
        this.tasks = tasks;
        this.images = images;
        this.catalog = catalog;
    }

    @POST
    @Path("images/generations")
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited
    public Uni<ImagesResponse> generate(JsonNode body, @HeaderParam("Idempotency-Key") String idempotencyKey,
                                      @HeaderParam(RETRY_COUNT) String retryCount) {
        return callers.current().chain(caller -> {
            ObjectNode unified = translator.generation(body);
            boolean b64 = OpenAiTranslator.b64(body.path("response_format").asText(null));
            return tasks.run(caller, unified, idempotencyKey, retryCount)
                    .chain(ended -> answer(ended, b64));
        });
    }

    /**
     * Multipart {@code image} (or {@code image[]}, one or more, as the SDK sends an array; + {@code mask}) and
     * {@code prompt}; without a mask the image is remixed.
     */
    @POST
    @Path("images/edits")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    @RateLimited
    public Uni<ImagesResponse> edit(@RestForm("image") List<FileUpload> image, @RestForm("image[]") List<FileUpload> imageArray,
                                    @RestForm("mask") FileUpload mask, @RestForm("prompt") String prompt,
                                    @RestForm("model") String model, @RestForm("n") String n, @RestForm("size") String size,
                                    @RestForm("response_format") String responseFormat,
                                    @HeaderParam("Idempotency-Key") String idempotencyKey, @HeaderParam(RETRY_COUNT) String retryCount) {
        boolean b64 = OpenAiTranslator.b64(responseFormat);
        ObjectNode unified = translator.edit(model, prompt, n, size, dataUris(image, imageArray),
                mask == null ? null : dataUri(mask));
        return run(unified, b64, idempotencyKey, retryCount);
    }

    /** Variations of one image ({@code image}), with {@code n}, {@code size} and {@code response_format}. */
    @POST
    @Path("images/variations")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    @RateLimited
    public Uni<ImagesResponse> variation(@RestForm("image") List<FileUpload> image, @RestForm("model") String model,
                                         @RestForm("n") String n, @RestForm("size") String size,
                                         @RestForm("response_format") String responseFormat,
                                         @HeaderParam("Idempotency-Key") String idempotencyKey,
                                         @HeaderParam(RETRY_COUNT) String retryCount) {
        boolean b64 = OpenAiTranslator.b64(responseFormat);
        return run(translator.variation(model, n, size, dataUris(image, List.of())), b64, idempotencyKey, retryCount);
    }

    private Uni<ImagesResponse> run(ObjectNode unified, boolean b64, String idempotencyKey, String retryCount) {
        return callers.current()
                .chain(caller -> tasks.run(caller, unified, idempotencyKey, retryCount))
                .chain(ended -> answer(ended, b64));
    }

    @GET
    @Path("models")
    public Uni<ModelList> models() {
        return callers.current().map(caller -> new ModelList("list", catalog.available().stream()
                .filter(m -> caller.mayUse(m.id()))
                .map(m -> new Model(m.id(), "model", 0, "imagegate"))
                .toList()));
    }

    /** One model the key may use, in OpenAI's shape; 404 {@code model_not_found} otherwise, as OpenAI answers. */
    @GET
    @Path("models/{id}")
    public Uni<Model> model(@PathParam("id") String id) {
        return callers.current().map(caller -> catalog.available(id)
                .filter(model -> caller.mayUse(model.id()))
                .map(model -> new Model(model.id(), "model", 0, "imagegate"))
                .orElseThrow(() -> ApiException.modelNotFound(id)));
    }

    private Uni<ImagesResponse> answer(SubmitAndWait.Ended ended, boolean b64) {
        if (!ended.completed()) {
            ApiException failure = SubmitAndWait.failure(ended);
            throw "content_rejected".equals(failure.type())
                    ? ApiException.contentRejected(failure.getMessage()) : failure;
        }
        String prompt = readPrompt(ended);
        long created = ended.task().completedAt().getEpochSecond();
        List<String> urls = new ArrayList<>();
        ended.output().path("images").forEach(image -> {
            if (image.hasNonNull("url")) {
                urls.add(image.get("url").asText());
            }
        });
        if (urls.isEmpty()) {
            throw ApiException.contentRejected("Every image was withheld by the safety check.");
        }
        if (!b64) {
            return Uni.createFrom().item(new ImagesResponse(created, urls.stream()
                    .map(url -> new ImageData(url, null, prompt)).toList()));
        }
        return Uni.join().all(urls.stream().map(images::bytes).toList()).andFailFast()
                .map(all -> new ImagesResponse(created, all.stream()
                        .map(bytes -> new ImageData(null, Base64.getEncoder().encodeToString(bytes), prompt)).toList()));
    }

    private String readPrompt(SubmitAndWait.Ended ended) {
        try {
            return json.readTree(ended.task().input()).path("prompt").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static List<String> dataUris(List<FileUpload> image, List<FileUpload> imageArray) {
        List<String> all = new ArrayList<>();
        for (List<FileUpload> uploads : List.of(image == null ? List.<FileUpload>of() : image,
                imageArray == null ? List.<FileUpload>of() : imageArray)) {
            uploads.forEach(upload -> all.add(dataUri(upload)));
        }
        return all;
    }

    private static String dataUri(FileUpload upload) {
        if (upload.uploadedFile() == null) {
            throw ApiException.invalidValue(upload.name(), "'" + upload.name() + "' must be a file part (an image).");
        }
        try {
            String type = upload.contentType() == null ? "image/png" : upload.contentType();
            return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(upload.uploadedFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
