package io.imagegate.provider.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagegate.provider.ImageUrls;
import io.imagegate.provider.Provider;
import io.imagegate.provider.ProviderCall;
import io.imagegate.provider.ProviderException;
import io.imagegate.provider.ProviderResult;
import io.imagegate.provider.UpstreamClients;
import io.imagegate.provider.UpstreamErrors;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Any OpenAI-style images upstream ({@code POST {base}/images/generations}, bearer key, one URL per image):
 * Zhipu's CogView-4 out of the box; another such upstream is a route (base URL, key pool, upstream model),
 * not new code. One image per call, so {@code num_images} calls run side by side.
 */
@ApplicationScoped
public class OpenAiImagesProvider implements Provider {

    private static final String DEFAULT_SIZE = "1024x1024";

    private static final String NAME = "The images upstream";

    private final UpstreamClients clients;

    OpenAiImagesProvider(UpstreamClients clients) {
        this.clients = clients;
    }

    @Override
    public String id() {
        return "openai-images";
    }

    @Override
    public Uni<ProviderResult> run(ProviderCall call) {
        ObjectNode in = call.input();
        String size = in.has("resolution") ? in.get("resolution").asText() : in.path("size").asText(DEFAULT_SIZE);
        JsonObject body = new JsonObject()
                .put("model", call.target().upstreamModel())
                .put("prompt", in.path("prompt").asText());
        body.put("size", size.contains("x") ? size : DEFAULT_SIZE);
        String[] wh = body.getString("size").split("x");
        List<Uni<ProviderResult.Image>> images = IntStream.range(0, call.numImages())
                .mapToObj(i -> one(call, body, Integer.parseInt(wh[0]), Integer.parseInt(wh[1])))
                .toList();
        return Uni.join().all(images).andFailFast().map(list -> new ProviderResult(list, null));
    }

    private Uni<ProviderResult.Image> one(ProviderCall call, JsonObject body, int width, int height) {
        return clients.of(OpenAiImagesApi.class, NAME, call.target().baseUrl(), call.target().timeout())
                .generate("Bearer " + call.target().apiKey(), body)
                .onFailure().transform(e -> UpstreamErrors.classify(NAME, e))
                .map(answer -> {
                    JsonArray data = answer.getJsonArray("data");
                    String url = data == null || data.isEmpty() ? null : data.getJsonObject(0).getString("url");
                    if (url == null || url.isBlank()) {
                        throw new ProviderException("provider_error", NAME + " answered without an image URL.", false);
                    }
                    return new ProviderResult.Image(url, width, height, 0, true, ImageUrls.contentType(url),
                            ImageUrls.expiresAt(url));
                });
    }
}
