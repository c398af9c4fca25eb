package io.imagegate.compat.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagegate.catalog.Catalog;
import io.imagegate.catalog.RequestValidator;
import io.imagegate.compat.SizeMapping;
import io.imagegate.error.ApiException;
import io.imagegate.support.StorableText;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Set;

/**
 * OpenAI's images request to the unified one. {@code quality}, {@code style}, {@code user}, {@code moderation}
 * and {@code output_compression} are accepted and ignored: the model id carries the quality tier.
 */
@ApplicationScoped
class OpenAiTranslator {

    private static final Set<String> KNOWN = Set.of("model", "prompt", "n", "size", "quality", "response_format",
            "output_format", "background", "user", "style", "moderation", "output_compression");

    /** What a variation asks of a model whose remix needs a prompt: the same picture, varied. */
    static final String VARIATION_PROMPT = "A variation of this image, keeping its subject, composition and style.";

    private final Catalog catalog;

    OpenAiTranslator(Catalog catalog) {
        this.catalog = catalog;
    }

    ObjectNode generation(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.invalidRequest(null, "The request body must be a JSON object.");
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!KNOWN.contains(name)) {
                throw ApiException.unsupportedParameter(name, "Unrecognized request argument supplied: " + name);
            }
        });
        responseFormat(body.path("response_format").asText(null));
        ObjectNode unified = JsonNodeFactory.instance.objectNode();
        String model = body.path("model").asText(RequestValidator.DEFAULT_MODEL);
        unified.put("model", model);
        copy(body, "prompt", unified, "prompt");
        copy(body, "n", unified, "num_images");
        copy(body, "output_format", unified, "output_format");
        size(model, body.path("size").asText(null), unified);
        String background = body.path("background").asText("auto");
        if (background.equals("transparent")) {
            unified.put("transparent", true);
        } else if (!background.equals("auto") && !background.equals("opaque")) {
            throw ApiException.invalidValue("background", "'background' must be transparent, opaque or auto.");
        }
        return unified;
    }

    /**
     * An edit: the first image is edited (with a mask) or remixed (without); further images, as the SDK sends an
     * array ({@code image[]}), are its reference images where the model takes them.
     */
    ObjectNode edit(String model, String prompt, String n, String size, List<String> images, String mask) {
        StorableText.require("prompt", prompt);
        ObjectNode unified = multipartRequest(model, n, images);
        if (prompt != null) {
            unified.put("prompt", prompt);
        }
        if (mask != null) {
            unified.put("operation", "edit");
            unified.put("mask_image", mask);
        } else {
            unified.put("operation", "remix");
            size(unified.get("model").asText(), size, unified);
        }
        return unified;
    }

    /** A variation: a remix of the image with a neutral prompt (the upstream remix needs one). */
    ObjectNode variation(String model, String n, String size, List<String> images) {
        if (images.size() > 1) {
            throw ApiException.invalidValue("image", "A variation takes one image.");
        }
        ObjectNode unified = multipartRequest(model, n, images);
        unified.put("operation", "remix");
        unified.put("prompt", VARIATION_PROMPT);
        size(unified.get("model").asText(), size, unified);
        return unified;
    }

    private ObjectNode multipartRequest(String model, String n, List<String> images) {
        StorableText.require("model", model);
        StorableText.require("n", n);
        if (images.isEmpty()) {
            throw ApiException.invalidRequest("image", "'image' is required: the image, as a file part.");
        }
        ObjectNode unified = JsonNodeFactory.instance.objectNode();
        unified.put("model", model == null ? RequestValidator.DEFAULT_MODEL : model);
        if (n != null) {
            try {
                unified.put("num_images", Integer.parseInt(n));
            } catch (NumberFormatException e) {
                throw ApiException.invalidValue("n", "'n' must be an integer.");
            }
        }
        unified.put("image", images.get(0));
        if (images.size() > 1) {
            images.subList(1, images.size()).forEach(unified.putArray("reference_images")::add);
        }
        return unified;
    }

    static boolean b64(String responseFormat) {
        return "b64_json".equals(responseFormat(responseFormat));
    }

    private static String responseFormat(String value) {
        if (value != null && !value.equals("url") && !value.equals("b64_json")) {
            throw ApiException.invalidValue("response_format", "'response_format' must be url or b64_json.");
        }
        return value == null ? "url" : value;
    }

    private void size(String model, String size, ObjectNode unified) {
        if (size == null || size.equals("auto")) {
            return;
        }
        catalog.available(model).ifPresent(m -> SizeMapping.apply(m.family(), size, "size", unified));
    }

    private static void copy(JsonNode from, String name, ObjectNode to, String as) {
        if (from.has(name) && !from.get(name).isNull()) {
            to.set(as, from.get(name));
        }
    }
}
