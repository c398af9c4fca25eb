package io.imagegate.provider.ideogram;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagegate.config.ImagegateConfig;
import io.imagegate.net.ImageBytes;
import io.imagegate.net.InputImages;
import io.imagegate.provider.ImageUrls;
import io.imagegate.provider.Provider;
import io.imagegate.provider.ProviderCall;
import io.imagegate.provider.ProviderException;
import io.imagegate.provider.ProviderResult;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Ideogram 3.0 (generate, inpaint/edit, remix, reframe, replace-background, generate-transparent), the legacy
 * upscale and describe, and Ideogram 4.0 generate. Maps the unified request to each endpoint's own fields and
 * spellings, and the answer back to the task's output.
 */
@ApplicationScoped
public class IdeogramProvider implements Provider {

    private static final String V4 = "V_4";

    private final IdeogramClient client;
    private final InputImages images;
    private final ImagegateConfig config;

    IdeogramProvider(IdeogramClient client, InputImages images, ImagegateConfig config) {
        this.client = client;
        this.images = images;
        this.config = config;
    }

    @Override
    public String id() {
        return "ideogram";
    }

    @Override
    public Uni<ProviderResult> run(ProviderCall call) {
        if (V4.equals(call.target().upstreamModel())) {
            return generateV4(call);
        }
        String speed = speed(call.target().upstreamModel());
        ObjectNode in = call.input();
        return switch (call.operation()) {
            case GENERATE -> in.path("transparent").asBoolean(false)
                    ? images(send(call, v3(call, IdeogramRequest.v3("generate-transparent", true), speed)
                            .field("upscale_factor", text(in, "upscale_factor"))))
                    : withReferences(call, v3(call, IdeogramRequest.v3("generate", true), speed))
                            .chain(request -> images(send(call, request)));
            case EDIT -> withImages(call, v3(call, IdeogramRequest.v3(config.ideogram().editEndpoint(), false), speed), true)
                    .chain(request -> images(send(call, request)));
            case REMIX -> withImages(call, v3(call, IdeogramRequest.v3("remix", false), speed)
                    .field("image_weight", number(in, "image_weight")), false)
                    .chain(request -> images(send(call, request)));
            case REFRAME -> withImages(call, v3(call, IdeogramRequest.v3("reframe", false), speed), false)
                    .chain(request -> images(send(call, request)));
            case REPLACE_BACKGROUND -> withImages(call,
                    v3(call, IdeogramRequest.v3("replace-background", false), speed), false)
                    .chain(request -> images(send(call, request)));
            case UPSCALE -> legacy(call, "upscale").chain(request -> images(send(call, request)));
            case DESCRIBE -> legacy(call, "describe").chain(request -> send(call, request)).map(IdeogramProvider::descriptions);
        };
    }

    /** The 3.0 fields every endpoint shares, in Ideogram's names and spellings. */
    private static IdeogramRequest v3(ProviderCall call, IdeogramRequest request, String speed) {
        ObjectNode in = call.input();
        boolean several = call.operation() != io.imagegate.catalog.Operation.UPSCALE;
        return request
                .field("prompt", text(in, "prompt"))
                .field("seed", number(in, "seed"))
                .field("aspect_ratio", in.has("aspect_ratio") ? in.get("aspect_ratio").asText().replace(':', 'x') : null)
                .field("resolution", text(in, "resolution"))
                .field("rendering_speed", speed)
                .field("magic_prompt", text(in, "magic_prompt"))
                .field("negative_prompt", text(in, "negative_prompt"))
                .field("num_images", several && in.has("num_images") ? in.get("num_images").asInt() : null)
                .field("style_type", in.has("style") ? in.get("style").asText().toUpperCase(Locale.ROOT) : null)
                .field("style_preset", text(in, "style_preset"));
    }

    private Uni<IdeogramRequest> withImages(ProviderCall call, IdeogramRequest request, boolean withMask) {
        ObjectNode in = call.input();
        Uni<ImageBytes> image = images.load(call.accountId(), "image", in.get("image"));
        Uni<ImageBytes> mask = withMask ? images.load(call.accountId(), "mask_image", in.get("mask_image"))
                : Uni.createFrom().nullItem();
        return Uni.combine().all().unis(image, mask).asTuple().chain(both -> {
            request.file("image", both.getItem1());
            if (withMask) {
                if (both.getItem1().width() != both.getItem2().width() || both.getItem1().height() != both.getItem2().height()) {
                    return Uni.createFrom().failure(ProviderException.invalidInput("The mask must be the same size as the image ("
                            + both.getItem1().width() + "x" + both.getItem1().height() + ")."));
                }
                request.file("mask", both.getItem2());
            }
            return withReferences(call, request);
        });
    }

    private Uni<IdeogramRequest> withReferences(ProviderCall call, IdeogramRequest request) {
        Uni<List<ImageBytes>> style = images.loadAll(call.accountId(), "reference_images", call.input().get("reference_images"));
        Uni<List<ImageBytes>> character = images.loadAll(call.accountId(), "character_reference_images",
                call.input().get("character_reference_images"));
        return Uni.combine().all().unis(style, character).asTuple().map(both -> {
            both.getItem1().forEach(image -> request.file("style_reference_images", image));
            both.getItem2().forEach(image -> request.file("character_reference_images", image));
            return request;
        });
    }

    /** Legacy upscale and describe: the image as {@code image_file}, options as a JSON {@code image_request} part. */
    private Uni<IdeogramRequest> legacy(ProviderCall call, String endpoint) {
        ObjectNode in = call.input();
        IdeogramRequest request = IdeogramRequest.legacy(endpoint);
        if (endpoint.equals("upscale")) {
            JsonObject options = new JsonObject();
            if (in.has("prompt")) {
                options.put("prompt", in.get("prompt").asText());
            }
            if (in.has("seed")) {
                options.put("seed", in.get("seed").asLong());
            }
            if (in.has("magic_prompt")) {
                options.put("magic_prompt_option", in.get("magic_prompt").asText());
            }
            request.field("image_request", options);
        }
        return images.load(call.accountId(), "image", in.get("image")).map(image -> request.file("image_file", image));
    }

    /** 4.0 takes one image per call: {@code num_images} calls run side by side. */
    private Uni<ProviderResult> generateV4(ProviderCall call) {
        ObjectNode in = call.input();
        String speed = in.has("rendering_speed") ? in.get("rendering_speed").asText().replace("BALANCED", "DEFAULT") : null;
        String resolution = in.has("resolution") ? in.get("resolution").asText()
                : V4Resolutions.closest(in.path("size").asText(in.path("aspect_ratio").asText("1:1")));
        List<Uni<ProviderResult>> calls = IntStream.range(0, call.numImages())
                .mapToObj(i -> images(send(call, IdeogramRequest.v4Generate()
                        .field("text_prompt", text(in, "prompt"))
                        .field("seed", in.has("seed") ? in.get("seed").asLong() + i : null)
                        .field("resolution", resolution)
                        .field("rendering_speed", speed))))
                .toList();
        return Uni.join().all(calls).andFailFast().map(results -> new ProviderResult(
                results.stream().flatMap(r -> r.images().stream()).toList(), null));
    }

    private Uni<JsonObject> send(ProviderCall call, IdeogramRequest request) {
        return client.send(call.target(), request);
    }

    private static Uni<ProviderResult> images(Uni<JsonObject> answer) {
        return answer.map(IdeogramProvider::images);
    }

    static ProviderResult images(JsonObject answer) {
        JsonArray data = answer.getJsonArray("data");
        if (data == null) {
            throw new ProviderException("provider_error", "Ideogram's answer has no data.", false);
        }
        List<ProviderResult.Image> out = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            JsonObject image = data.getJsonObject(i);
            boolean safe = image.getBoolean("is_image_safe", true);
            String url = image.getString("url");
            boolean hasUrl = safe && url != null && !url.isBlank();
            String size = image.getString("upscaled_resolution", image.getString("resolution", "0x0"));
            String[] wh = size.split("x");
            out.add(new ProviderResult.Image(hasUrl ? url : null, Integer.parseInt(wh[0]), Integer.parseInt(wh[1]),
                    image.getLong("seed", 0L), safe, hasUrl ? ImageUrls.contentType(url) : null,
                    hasUrl ? ImageUrls.expiresAt(url) : null));
        }
        return new ProviderResult(out, null);
    }

    private static ProviderResult descriptions(JsonObject answer) {
        JsonArray descriptions = answer.getJsonArray("descriptions", new JsonArray());
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < descriptions.size(); i++) {
            texts.add(descriptions.getJsonObject(i).getString("text"));
        }
        return new ProviderResult(List.of(), texts);
    }

    /** {@code V_3:TURBO} → {@code TURBO}: the route's upstream model fixes the 3.0 speed (and price). */
    private static String speed(String upstreamModel) {
        int colon = upstreamModel == null ? -1 : upstreamModel.indexOf(':');
        return colon < 0 ? null : upstreamModel.substring(colon + 1);
    }

    private static String text(ObjectNode in, String field) {
        return in.has(field) ? in.get(field).asText() : null;
    }

    private static Long number(ObjectNode in, String field) {
        return in.has(field) ? in.get(field).asLong() : null;
    }
}
