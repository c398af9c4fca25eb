package io.imagegate.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagegate.auth.Caller;
import io.imagegate.error.ApiException;
import io.imagegate.net.ImageBytes;
import io.imagegate.provider.sandbox.SandboxProvider;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a {@code POST /api/v1/images/generations} body against the chosen model and turns it into a
 * {@link TaskRequest}. Every refusal is a 400 that names the field; nothing is written before this passes.
 */
@ApplicationScoped
public class RequestValidator {

    public static final String DEFAULT_MODEL = "ideogram-v3-turbo";
    private static final int MAX_PROMPT = 10_000;
    private static final int MAX_URL = 2048;
    private static final int MAX_IMAGE_BYTES = 10 * 1024 * 1024;
    private static final Set<String> ALWAYS_ACCEPTED = Set.of("model", "operation", "callback_url", "n");
    private static final Set<String> KNOWN = Set.of("model", "prompt", "operation", "aspect_ratio", "size",
            "resolution", "style", "style_preset", "rendering_speed", "output_format", "num_images", "n", "seed",
            "negative_prompt", "magic_prompt", "image", "mask_image", "reference_images",
            "character_reference_images", "image_weight", "transparent", "upscale_factor", "callback_url");
    private static final Pattern RATIO = Pattern.compile("(\\d{1,2})[:x](\\d{1,2})");
    private static final Pattern PIXELS = Pattern.compile("(\\d{2,5})x(\\d{2,5})");
    private static final Map<String, String> FIELD_TYPES = Map.ofEntries(
            Map.entry("num_images", "an integer"), Map.entry("n", "an integer"), Map.entry("seed", "an integer"),
            Map.entry("image_weight", "an integer"), Map.entry("transparent", "a boolean"),
            Map.entry("reference_images", "an array of strings"),
            Map.entry("character_reference_images", "an array of strings"));

    private final Catalog catalog;

    RequestValidator(Catalog catalog) {
        this.catalog = catalog;
    }

    public TaskRequest validate(JsonNode body, Caller caller) {
        if (body == null || !body.isObject()) {
            throw ApiException.invalidRequest(null, "The request body must be a JSON object.");
        }
        ObjectNode fields = ((ObjectNode) body).deepCopy();
        checkKnownFieldsAndTypes(fields);
        CatalogModel model = model(fields, caller);
        Operation operation = operation(fields, model);
        checkAcceptedFields(fields, model, operation);
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        int numImages = numImages(fields);
        if (!operation.producesText() && operation != Operation.UPSCALE) {
            input.put("num_images", numImages);
        }
        prompt(fields, operation, input);
        sandboxDelay(model, input);
        dimensions(fields, model.family(), operation, input);
        styles(fields, model.family(), input);
        options(fields, model.family(), input);
        images(fields, operation, input);
        transparency(fields, input);
        String callbackUrl = callbackUrl(fields, model);
        return new TaskRequest(model, operation, operation.producesText() || operation == Operation.UPSCALE ? 1 : numImages,
                input, callbackUrl);
    }

    /** A sandbox delay the serving route would time out on is refused now, not failed (and counted) later. */
    private void sandboxDelay(CatalogModel model, ObjectNode input) {
        SandboxProvider.requestedDelay(input.path("prompt").asText("")).ifPresent(delay -> catalog.sandboxTimeout(model)
                .filter(timeout -> delay.compareTo(timeout) >= 0)
                .ifPresent(timeout -> {
                    throw ApiException.invalidValue("prompt", "The prompt asks the sandbox for a delay of "
                            + delay.toMillis() + " ms; the route serving '" + model.id() + "' times out after "
                            + timeout.toMillis() + " ms.");
                }));
    }

    private static void checkKnownFieldsAndTypes(ObjectNode fields) {
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (!KNOWN.contains(name)) {
                throw ApiException.unsupportedParameter(name, "Unknown field '" + name + "'.");
            }
            JsonNode value = field.getValue();
            if (value.isNull()) {
                it.remove();
                continue;
            }
            String expected = FIELD_TYPES.getOrDefault(name, "a string");
            boolean ok = switch (expected) {
                case "an integer" -> value.isIntegralNumber() && value.canConvertToLong();
                case "a boolean" -> value.isBoolean();
                case "an array of strings" -> value.isArray() && allText(value);
                default -> value.isTextual();
            };
            if (!ok) {
                throw ApiException.invalidRequest(name, "'" + name + "' must be " + expected + ".");
            }
        }
        if (fields.has("n") && fields.has("num_images")) {
            throw ApiException.invalidRequest("n", "Send either 'num_images' or its alias 'n', not both.");
        }
    }

    private CatalogModel model(ObjectNode fields, Caller caller) {
        String id = fields.has("model") ? fields.get("model").asText() : DEFAULT_MODEL;
        CatalogModel model = catalog.available(id).orElseThrow(() -> ApiException.invalidValue("model",
                "Unknown or unavailable model '" + id + "'; GET /api/v1/models lists the models you can use."));
        if (!caller.mayUse(id)) {
            throw ApiException.forbidden("model", "This API key is not allowed to use model '" + id + "'.");
        }
        return model;
    }

    private static Operation operation(ObjectNode fields, CatalogModel model) {
        Operation operation;
        if (fields.has("operation")) {
            String value = fields.get("operation").asText();
            operation = Operation.fromWire(value).orElseThrow(() -> ApiException.invalidValue("operation",
                    "Unknown operation '" + value + "'; use one of " + wires(Set.of(Operation.values())) + "."));
        } else {
            operation = fields.has("image") && fields.has("mask_image") ? Operation.EDIT : Operation.GENERATE;
        }
        if (!model.family().operations().contains(operation)) {
            throw ApiException.invalidValue("operation", "Model '" + model.id() + "' does not support '"
                    + operation.wire() + "'; it supports " + wires(model.family().operations()) + ".");
        }
        return operation;
    }

    private static void checkAcceptedFields(ObjectNode fields, CatalogModel model, Operation operation) {
        fields.fieldNames().forEachRemaining(name -> {
            String canonical = name.equals("n") ? "num_images" : name;
            boolean accepted = name.equals("n")
                    ? model.family().accepts(operation, "num_images")
                    : ALWAYS_ACCEPTED.contains(name) || model.family().accepts(operation, canonical);
            if (!accepted) {
                throw ApiException.unsupportedParameter(name, "Model '" + model.id() + "' does not take '" + name
                        + "' for operation '" + operation.wire() + "'.");
            }
        });
    }

    private static int numImages(ObjectNode fields) {
        String name = fields.has("n") ? "n" : "num_images";
        if (!fields.has(name)) {
            return 1;
        }
        return (int) range(fields, name, 1, 8);
    }

    private static void prompt(ObjectNode fields, Operation operation, ObjectNode input) {
        if (!fields.has("prompt")) {
            if (operation.needsPrompt()) {
                throw ApiException.invalidRequest("prompt", "'prompt' is required for operation '" + operation.wire() + "'.");
            }
            return;
        }
        String prompt = fields.get("prompt").asText().trim();
        if (prompt.isEmpty() || prompt.length() > MAX_PROMPT) {
            throw ApiException.invalidValue("prompt", "'prompt' must be 1 to " + MAX_PROMPT + " characters.");
        }
        input.put("prompt", prompt);
    }

    private static void dimensions(ObjectNode fields, ModelFamily family, Operation operation, ObjectNode input) {
        if (fields.has("resolution") && (fields.has("aspect_ratio") || fields.has("size"))) {
            throw ApiException.invalidRequest("resolution",
                    "'resolution' cannot be combined with '" + (fields.has("size") ? "size" : "aspect_ratio") + "'.");
        }
        if (fields.has("aspect_ratio") && fields.has("size")) {
            throw ApiException.invalidRequest("size", "'size' cannot be combined with 'aspect_ratio'.");
        }
        if (fields.has("aspect_ratio")) {
            input.put("aspect_ratio", ratio(fields, "aspect_ratio", family.aspectRatios()));
        }
        if (fields.has("size")) {
            String size = fields.get("size").asText();
            input.put("size", PIXELS.matcher(size).matches()
                    ? pixels(fields, "size", family) : ratio(fields, "size", family.sizes()));
        }
        if (fields.has("resolution")) {
            input.put("resolution", pixels(fields, "resolution", family));
        } else if (operation == Operation.REFRAME) {
            throw ApiException.invalidRequest("resolution", "'resolution' is required for operation 'reframe'.");
        }
    }

    private static String ratio(ObjectNode fields, String name, List<String> allowed) {
        String value = fields.get(name).asText().trim();
        Matcher m = RATIO.matcher(value);
        String normalised = m.matches() ? Integer.parseInt(m.group(1)) + ":" + Integer.parseInt(m.group(2)) : value;
        if (!allowed.contains(normalised)) {
            throw ApiException.invalidValue(name, "'" + name + "' must be one of " + String.join(", ", allowed)
                    + " (the 'WxH' spelling, such as '16x9', is accepted too).");
        }
        return normalised;
    }

    private static String pixels(ObjectNode fields, String name, ModelFamily family) {
        String value = fields.get(name).asText().trim().toLowerCase(Locale.ROOT);
        Matcher m = PIXELS.matcher(value);
        if (family.resolutions().contains(value)) {
            return value;
        }
        ModelFamily.PixelBounds bounds = family.customResolutions();
        if (m.matches() && bounds != null && bounds.allows(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))) {
            return value;
        }
        String rule = bounds == null ? "one of the model's resolutions (GET /api/v1/models)"
                : "'WxH' with each side " + bounds.min() + " to " + bounds.max() + " px, a multiple of "
                + bounds.multiple() + ", at most " + bounds.maxPixels() + " pixels";
        throw ApiException.invalidValue(name, "'" + name + "' must be " + rule + ".");
    }

    private static void styles(ObjectNode fields, ModelFamily family, ObjectNode input) {
        if (fields.has("style")) {
            String value = fields.get("style").asText();
            String style = ParameterValues.STYLES.stream().filter(s -> s.equalsIgnoreCase(value)).findFirst()
                    .orElseThrow(() -> ApiException.invalidValue("style",
                            "'style' must be one of " + String.join(", ", ParameterValues.STYLES) + "."));
            input.put("style", style);
        }
        if (fields.has("style_preset")) {
            if (fields.has("reference_images")) {
                throw ApiException.invalidRequest("style_preset", "'style_preset' cannot be combined with 'reference_images'.");
            }
            input.put("style_preset", oneOf(fields, "style_preset", family.stylePresets(), true));
        }
    }

    private static void options(ObjectNode fields, ModelFamily family, ObjectNode input) {
        if (fields.has("rendering_speed")) {
            String speed = fields.get("rendering_speed").asText().toUpperCase(Locale.ROOT);
            if (speed.equals("DEFAULT") && !family.speeds().contains("DEFAULT")) {
                speed = "BALANCED";
            }
            if (!family.speeds().contains(speed)) {
                throw ApiException.invalidValue("rendering_speed",
                        "'rendering_speed' must be one of " + String.join(", ", family.speeds()) + ".");
            }
            input.put("rendering_speed", speed);
        }
        if (fields.has("output_format")) {
            String format = fields.get("output_format").asText().toLowerCase(Locale.ROOT);
            fields.put("output_format", format.equals("jpg") ? "jpeg" : format);
            input.put("output_format", oneOf(fields, "output_format", family.formats(), false));
        }
        if (fields.has("seed")) {
            input.put("seed", range(fields, "seed", 0, Integer.MAX_VALUE));
        }
        if (fields.has("negative_prompt")) {
            String negative = fields.get("negative_prompt").asText();
            if (negative.length() > MAX_PROMPT) {
                throw ApiException.invalidValue("negative_prompt", "'negative_prompt' must be at most " + MAX_PROMPT + " characters.");
            }
            input.put("negative_prompt", negative);
        }
        if (fields.has("magic_prompt")) {
            input.put("magic_prompt", oneOf(fields, "magic_prompt", ParameterValues.MAGIC_PROMPT, true));
        }
        if (fields.has("image_weight")) {
            input.put("image_weight", range(fields, "image_weight", 1, 100));
        }
    }

    private static void images(ObjectNode fields, Operation operation, ObjectNode input) {
        boolean needsImage = operation != Operation.GENERATE;
        if (needsImage && !fields.has("image")) {
            throw ApiException.invalidRequest("image", "'image' is required for operation '" + operation.wire() + "'.");
        }
        if (operation == Operation.EDIT && !fields.has("mask_image")) {
            throw ApiException.invalidRequest("mask_image", "'mask_image' is required for operation 'edit'.");
        }
        for (String name : List.of("image", "mask_image")) {
            if (fields.has(name)) {
                input.put(name, imageReference(name, fields.get(name).asText()));
            }
        }
        maskMatchesImage(input);
        imageList(fields, "reference_images", 5, input);
        imageList(fields, "character_reference_images", 1, input);
        if (fields.has("character_reference_images") && "FLASH".equals(input.path("rendering_speed").asText())) {
            throw ApiException.invalidRequest("character_reference_images",
                    "'character_reference_images' cannot be used with rendering_speed FLASH.");
        }
    }

    private static void imageList(ObjectNode fields, String name, int max, ObjectNode input) {
        if (!fields.has(name)) {
            return;
        }
        JsonNode list = fields.get(name);
        if (list.isEmpty() || list.size() > max) {
            throw ApiException.invalidValue(name, "'" + name + "' must hold 1 to " + max + " images.");
        }
        var out = input.putArray(name);
        long inlineBytes = 0;
        for (JsonNode item : list) {
            String reference = item.asText();
            inlineBytes += checkedReference(name, reference);
            out.add(reference);
        }
        if (inlineBytes > MAX_IMAGE_BYTES) {
            throw ApiException.invalidValue(name, "The images of '" + name + "' together must be at most 10 MB.");
        }
    }

    private static String imageReference(String name, String value) {
        checkedReference(name, value);
        return value;
    }

    /** Checks an image reference: a data: URI's image is read now, a URL must be http(s). The inline bytes, or 0. */
    private static long checkedReference(String name, String value) {
        if (value.startsWith("data:")) {
            return inlineImage(name, value).bytes().length;
        }
        if (!isWebUrl(value)) {
            throw ApiException.invalidValue(name, "'" + name + "' must be an http(s) URL or a data: URI of an image.");
        }
        return 0;
    }

    /** A data: URI image, checked now: its bytes must be a JPEG, PNG or WebP of at most 10 MB. */
    private static ImageBytes inlineImage(String name, String value) {
        return ImageBytes.dataUri(value)
                .filter(bytes -> bytes.length <= MAX_IMAGE_BYTES)
                .flatMap(ImageBytes::sniff)
                .orElseThrow(() -> ApiException.invalidValue(name, "'" + name
                        + "' must be an http(s) URL or a base64 data: URI of a PNG, JPEG or WebP image of at most 10 MB."));
    }

    private static void maskMatchesImage(ObjectNode input) {
        String image = input.path("image").asText("");
        String mask = input.path("mask_image").asText("");
        if (image.startsWith("data:") && mask.startsWith("data:")) {
            ImageBytes a = inlineImage("image", image);
            ImageBytes b = inlineImage("mask_image", mask);
            if (a.width() != b.width() || a.height() != b.height()) {
                throw ApiException.invalidValue("mask_image", "'mask_image' must be the same size as 'image' ("
                        + a.width() + "x" + a.height() + "), not " + b.width() + "x" + b.height() + ".");
            }
        }
    }

    private static void transparency(ObjectNode fields, ObjectNode input) {
        boolean transparent = fields.has("transparent") && fields.get("transparent").asBoolean();
        if (fields.has("upscale_factor") && !transparent) {
            throw ApiException.invalidRequest("upscale_factor", "'upscale_factor' is only taken with 'transparent': true.");
        }
        if (!transparent) {
            return;
        }
        for (String styleField : List.of("style", "style_preset", "reference_images", "resolution",
                "character_reference_images")) {
            if (fields.has(styleField)) {
                throw ApiException.invalidRequest(styleField, "'" + styleField + "' cannot be combined with 'transparent'.");
            }
        }
        input.put("transparent", true);
        if (fields.has("upscale_factor")) {
            input.put("upscale_factor", oneOf(fields, "upscale_factor", ParameterValues.UPSCALE_FACTORS, true));
        }
    }

    private static String callbackUrl(ObjectNode fields, CatalogModel model) {
        if (!fields.has("callback_url")) {
            return null;
        }
        if (!model.supportsCallback()) {
            throw ApiException.callbackNotSupported(model.id());
        }
        String url = fields.get("callback_url").asText();
        if (!isWebUrl(url)) {
            throw ApiException.invalidValue("callback_url", "'callback_url' must be an http(s) URL of at most " + MAX_URL + " characters.");
        }
        return url;
    }

    private static boolean isWebUrl(String value) {
        if (value.length() > MAX_URL) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null && uri.getUserInfo() == null;
        } catch (Exception e) {
            return false;
        }
    }

    private static String oneOf(ObjectNode fields, String name, List<String> allowed, boolean upperCase) {
        String value = fields.get(name).asText();
        String normalised = upperCase ? value.toUpperCase(Locale.ROOT) : value;
        if (!allowed.contains(normalised)) {
            throw ApiException.invalidValue(name, "'" + name + "' must be one of " + String.join(", ", allowed) + ".");
        }
        return normalised;
    }

    private static long range(ObjectNode fields, String name, long min, long max) {
        long value = fields.get(name).asLong();
        if (value < min || value > max || !fields.get(name).canConvertToLong()) {
            throw ApiException.invalidValue(name, "'" + name + "' must be from " + min + " to " + max + ".");
        }
        return value;
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode item : array) {
            if (!item.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static String wires(Set<Operation> operations) {
        return String.join(", ", operations.stream().sorted().map(Operation::wire).toList());
    }
}
