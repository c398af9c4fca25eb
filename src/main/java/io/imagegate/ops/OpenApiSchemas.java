package io.imagegate.ops;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * The schemas the code cannot state itself: a submission is read as a JSON tree (its rules depend on the model), so
 * its fields are described here, as docs/API.md lists them; the task object is shared by answers and events.
 */
final class OpenApiSchemas {

    private static final String GENERATION = "#/components/schemas/GenerationRequest";

    private OpenApiSchemas() {
    }

    static void apply(OpenAPI openAPI) {
        openAPI.getComponents().addSchema("GenerationRequest", generationRequest());
        PathItem generations = openAPI.getPaths() == null ? null : openAPI.getPaths().getPathItem("/api/v1/images/generations");
        if (generations != null && generations.getPOST() != null) {
            generations.getPOST().setRequestBody(OASFactory.createRequestBody().required(true)
                    .description("A generation task; values per model are listed by GET /api/v1/models")
                    .content(OASFactory.createContent().addMediaType("application/json",
                            OASFactory.createMediaType().schema(OASFactory.createSchema().ref(GENERATION)))));
        }
    }

    private static Schema generationRequest() {
        Schema schema = object().description("POST /api/v1/images/generations; null means absent")
                .additionalPropertiesBoolean(false);
        Map.ofEntries(
                Map.entry("model", text("A model of GET /api/v1/models; defaults to ideogram-v3-turbo")),
                Map.entry("operation", text("generate (default), edit, remix, reframe, replace_background, upscale, describe")
                        .enumeration(List.of("generate", "edit", "remix", "reframe", "replace_background", "upscale", "describe"))),
                Map.entry("prompt", text("At most 10,000 characters").maxLength(10_000)),
                Map.entry("negative_prompt", text("What the image should not show")),
                Map.entry("aspect_ratio", text("3:4 or 3x4; one of the model's ratios")),
                Map.entry("size", text("A ratio or WxH")),
                Map.entry("resolution", text("WxH, one of the model's resolutions")),
                Map.entry("style", text("The model's styles")),
                Map.entry("style_preset", text("The model's presets")),
                Map.entry("rendering_speed", text("The model's speeds")),
                Map.entry("magic_prompt", text("AUTO, ON or OFF")),
                Map.entry("output_format", text("png, jpeg or webp, as the model takes")),
                Map.entry("num_images", integer("1 to 8 per model; alias n")),
                Map.entry("n", integer("Alias of num_images")),
                Map.entry("seed", integer("Makes a result repeatable")),
                Map.entry("image_weight", integer("1 to 100 (remix)")),
                Map.entry("transparent", OASFactory.createSchema().type(List.of(Schema.SchemaType.BOOLEAN))),
                Map.entry("upscale_factor", text("upscale only")),
                Map.entry("image", text("An http(s) URL or a base64 data: URI of a JPEG, PNG or WebP of at most 10 MB")),
                Map.entry("mask_image", text("As image, the same size")),
                Map.entry("reference_images", images(5)),
                Map.entry("character_reference_images", images(1)),
                Map.entry("callback_url", text("An https URL on a public address; receives the signed webhook").format("uri")))
                .entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(field -> schema.addProperty(field.getKey(), field.getValue()));
        return schema;
    }

    private static Schema object() {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT));
    }

    private static Schema text(String description) {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).description(description);
    }

    private static Schema integer(String description) {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER)).description(description);
    }

    private static Schema images(int most) {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.ARRAY)).minItems(1).maxItems(most)
                .items(text("As image")).description("Inline ones at most 10 MB together");
    }
}
