package io.imagegate.provider.ideogram;

import io.imagegate.provider.UpstreamHttp;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.ext.web.multipart.MultipartForm;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;

/**
 * Sends {@link IdeogramRequest}s to Ideogram as it expects them: {@code Api-Key} header, JSON or
 * multipart/form-data (files as binary parts, repeated names for arrays, JSON text for JSON-typed parts),
 * and turns the answer into JSON or a classified failure. Retries and breakers are the route guard's job.
 */
@ApplicationScoped
class IdeogramClient {

    static final String NAME = "Ideogram";

    private final WebClient client;

    IdeogramClient(Vertx vertx) {
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout(10_000)
                .setFollowRedirects(false)
                .setMaxPoolSize(200)
                .setUserAgent("Imagegate/1"));
    }

    Uni<JsonObject> send(String baseUrl, String apiKey, IdeogramRequest request, Duration timeout) {
        HttpRequest<Buffer> http = client.postAbs(trim(baseUrl) + request.path)
                .putHeader("Api-Key", apiKey)
                .timeout(timeout.toMillis());
        var sent = request.asJson() ? http.sendJsonObject(new JsonObject(request.fields)) : http.sendMultipartForm(form(request));
        return sent.onFailure().transform(e -> UpstreamHttp.unreachable(NAME, e))
                .map(response -> UpstreamHttp.json(NAME, response));
    }

    private static MultipartForm form(IdeogramRequest request) {
        MultipartForm form = MultipartForm.create();
        for (Map.Entry<String, Object> field : request.fields.entrySet()) {
            Object value = field.getValue();
            form.attribute(field.getKey(), value instanceof JsonObject json ? json.encode() : value.toString());
        }
        int n = 0;
        for (IdeogramRequest.FilePart file : request.files) {
            form.binaryFileUpload(file.name(), file.name() + "-" + (n++) + "." + file.image().extension(),
                    Buffer.buffer(file.image().bytes()), file.image().contentType());
        }
        return form;
    }

    private static String trim(String baseUrl) {
        return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }
}
