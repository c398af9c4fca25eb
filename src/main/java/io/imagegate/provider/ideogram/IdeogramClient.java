package io.imagegate.provider.ideogram;

import io.imagegate.provider.UpstreamClients;
import io.imagegate.provider.UpstreamErrors;
import io.imagegate.provider.UpstreamTarget;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import java.util.Map;

/**
 * Sends {@link IdeogramRequest}s through the route's {@link IdeogramApi} client: JSON, or multipart/form-data with
 * files as binary parts, repeated names for arrays and JSON text for JSON-typed parts. Retries and breakers are the
 * route guard's job.
 */
@ApplicationScoped
class IdeogramClient {

    static final String NAME = "Ideogram";

    private final UpstreamClients clients;

    IdeogramClient(UpstreamClients clients) {
        this.clients = clients;
    }

    Uni<JsonObject> send(UpstreamTarget target, IdeogramRequest request) {
        IdeogramApi api = clients.of(IdeogramApi.class, NAME, target.baseUrl(), target.timeout());
        String key = target.apiKey();
        Uni<JsonObject> answer = switch (request.api) {
            case V3 -> request.asJson() ? api.v3(request.endpoint, key, new JsonObject(request.fields))
                    : api.v3(request.endpoint, key, form(request));
            case V4 -> api.v4Generate(key, new JsonObject(request.fields));
            case LEGACY -> api.legacy(request.endpoint, key, form(request));
        };
        return answer.onFailure().transform(e -> UpstreamErrors.classify(NAME, e));
    }

    private static ClientMultipartForm form(IdeogramRequest request) {
        ClientMultipartForm form = ClientMultipartForm.create();
        for (Map.Entry<String, Object> field : request.fields.entrySet()) {
            Object value = field.getValue();
            form.attribute(field.getKey(), value instanceof JsonObject json ? json.encode() : value.toString(), null);
        }
        int n = 0;
        for (IdeogramRequest.FilePart file : request.files) {
            form.binaryFileUpload(file.name(), file.name() + "-" + (n++) + "." + file.image().extension(),
                    Buffer.buffer(file.image().bytes()), file.image().contentType());
        }
        return form;
    }
}
