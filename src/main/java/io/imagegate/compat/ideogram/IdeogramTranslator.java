package io.imagegate.compat.ideogram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagegate.error.ApiException;
import io.imagegate.support.StorableText;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Ideogram's own request fields (one endpoint at a time) to the unified request. Ideogram picks the 3.0 tier
 * with {@code rendering_speed}; here that picks the catalog model, and so the price.
 */
final class IdeogramTranslator {

    /** An Ideogram form or JSON body: text fields, and files already turned into data: URIs. */
    record Form(Map<String, List<String>> fields, Map<String, List<String>> files) {
        Form {
            fields.forEach((name, values) -> {
                StorableText.requireName(name);
                values.forEach(value -> StorableText.require(name, value));
            });
        }

        String text(String name) {
            List<String> values = fields.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private static final Map<String, String> V3_OPERATIONS = Map.of(
            "generate", "generate", "generate-transparent", "generate", "edit", "edit", "inpaint", "edit",
            "remix", "remix", "reframe", "reframe", "replace-background", "replace_background");
    private static final Set<String> V3_TEXT = Set.of("prompt", "seed", "aspect_ratio", "resolution", "rendering_speed",
            "magic_prompt", "negative_prompt", "num_images", "style_type", "style_preset", "image_weight", "upscale_factor");
    private static final Map<String, String> V3_FILES = Map.of("image", "image", "mask", "mask_image",
            "style_reference_images", "reference_images", "character_reference_images", "character_reference_images");

    private IdeogramTranslator() {
    }

    static ObjectNode v3(String endpoint, Form form) {
        String operation = V3_OPERATIONS.get(endpoint);
        ObjectNode unified = JsonNodeFactory.instance.objectNode();
        unified.put("model", v3Model(form.text("rendering_speed")));
        unified.put("operation", operation);
        form.fields().keySet().forEach(name -> {
            if (!V3_TEXT.contains(name)) {
                throw unsupported(name);
            }
        });
        form.files().keySet().forEach(name -> {
            if (!V3_FILES.containsKey(name)) {
                throw unsupported(name);
            }
        });
        copyText(form, unified, "prompt", "prompt");
        copyNumber(form, unified, "seed", "seed");
        copyText(form, unified, "aspect_ratio", "aspect_ratio");
        copyText(form, unified, "resolution", "resolution");
        copyText(form, unified, "magic_prompt", "magic_prompt");
        copyText(form, unified, "negative_prompt", "negative_prompt");
        copyNumber(form, unified, "num_images", "num_images");
        copyText(form, unified, "style_preset", "style_preset");
        copyNumber(form, unified, "image_weight", "image_weight");
        copyText(form, unified, "upscale_factor", "upscale_factor");
        if (form.text("style_type") != null) {
            unified.put("style", form.text("style_type").toLowerCase(Locale.ROOT));
        }
        if (endpoint.equals("generate-transparent")) {
            unified.put("transparent", true);
        }
        V3_FILES.forEach((part, field) -> {
            List<String> files = form.files().get(part);
            if (files == null) {
                return;
            }
            if (field.endsWith("images")) {
                ArrayNode list = unified.putArray(field);
                files.forEach(list::add);
            } else {
                unified.put(field, files.get(0));
            }
        });
        return unified;
    }

    static ObjectNode v4(Form form) {
        ObjectNode unified = JsonNodeFactory.instance.objectNode();
        unified.put("model", "ideogram-v4");
        form.fields().keySet().forEach(name -> {
            if (!Set.of("text_prompt", "seed", "resolution", "rendering_speed").contains(name)) {
                throw unsupported(name);
            }
        });
        copyText(form, unified, "text_prompt", "prompt");
        copyNumber(form, unified, "seed", "seed");
        copyText(form, unified, "resolution", "resolution");
        copyText(form, unified, "rendering_speed", "rendering_speed");
        return unified;
    }

    /** Legacy {@code image_request}: {@code ASPECT_16_9} → {@code 16:9}, {@code RESOLUTION_1024_1024} → {@code 1024x1024}. */
    static ObjectNode legacy(String operation, JsonNode request, Form form) {
        ObjectNode unified = JsonNodeFactory.instance.objectNode();
        String model = request.path("model").asText("V_2");
        unified.put("model", model.endsWith("_TURBO") ? "ideogram-v3-turbo" : "ideogram-v3-balanced");
        unified.put("operation", operation);
        request.fieldNames().forEachRemaining(name -> {
            if (!Set.of("prompt", "aspect_ratio", "model", "magic_prompt_option", "seed", "style_type", "negative_prompt",
                    "num_images", "resolution", "image_weight", "resemblance", "detail").contains(name)) {
                throw unsupported("image_request." + name);
            }
        });
        text(request, unified, "prompt", "prompt");
        text(request, unified, "magic_prompt_option", "magic_prompt");
        text(request, unified, "negative_prompt", "negative_prompt");
        if (request.has("seed")) {
            unified.set("seed", request.get("seed"));
        }
        if (request.has("num_images") && !operation.equals("upscale")) {
            unified.set("num_images", request.get("num_images"));
        }
        if (request.has("image_weight")) {
            unified.set("image_weight", request.get("image_weight"));
        }
        if (request.has("style_type")) {
            unified.put("style", request.get("style_type").asText().toLowerCase(Locale.ROOT));
        }
        if (request.has("aspect_ratio")) {
            unified.put("aspect_ratio", request.get("aspect_ratio").asText().replace("ASPECT_", "").replace('_', ':'));
        }
        if (request.has("resolution")) {
            unified.put("resolution", request.get("resolution").asText().replace("RESOLUTION_", "").replace('_', 'x'));
        }
        List<String> image = form.files().get("image_file");
        if (image != null) {
            unified.put("image", image.get(0));
        }
        List<String> mask = form.files().get("mask");
        if (mask != null) {
            unified.put("mask_image", mask.get(0));
        }
        return unified;
    }

    private static String v3Model(String speed) {
        String value = speed == null ? "DEFAULT" : speed.toUpperCase(Locale.ROOT);
        return switch (value) {
            case "TURBO" -> "ideogram-v3-turbo";
            case "DEFAULT", "BALANCED" -> "ideogram-v3-balanced";
            case "QUALITY" -> "ideogram-v3-quality";
            default -> throw ApiException.invalidValue("rendering_speed", "rendering_speed must be TURBO, DEFAULT or QUALITY here"
                    + ("FLASH".equals(value) ? " (FLASH is not offered by this gateway)." : "."));
        };
    }

    private static ApiException unsupported(String name) {
        return ApiException.unsupportedParameter(name, "'" + name + "' is not supported by this gateway.");
    }

    private static void copyText(Form form, ObjectNode to, String from, String as) {
        if (form.text(from) != null) {
            to.put(as, form.text(from));
        }
    }

    private static void copyNumber(Form form, ObjectNode to, String from, String as) {
        String value = form.text(from);
        if (value == null) {
            return;
        }
        try {
            to.put(as, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            throw ApiException.invalidValue(from, "'" + from + "' must be an integer.");
        }
    }

    private static void text(JsonNode from, ObjectNode to, String name, String as) {
        if (from.has(name)) {
            to.put(as, from.get(name).asText());
        }
    }
}
