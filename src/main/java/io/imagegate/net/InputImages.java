package io.imagegate.net;

import io.imagegate.config.ImagegateConfig;
import io.imagegate.provider.ProviderException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;

/**
 * Loads the input images of a task ({@code image}, {@code mask_image}, references) from http(s) URLs, through
 * the SSRF guard and to exactly the checked address, with no redirects, a size limit and a time limit, or
 * from {@code data:} URIs; and checks what they are by their content. A bad image fails the task with
 * {@code invalid_input_image}.
 */
@ApplicationScoped
public class InputImages {

    private final HttpClient client;
    private final SsrfGuard guard;
    private final ImagegateConfig config;

    InputImages(Vertx vertx, SsrfGuard guard, ImagegateConfig config) {
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.inputs().fetchTimeout().toMillis())
                .setVerifyHost(true)
                .setForceSni(true));
        this.guard = guard;
        this.config = config;
    }

    public Uni<ImageBytes> load(String field, String reference) {
        if (reference.startsWith("data:")) {
            return Uni.createFrom().item(() -> check(field, ImageBytes.dataUri(reference)
                    .orElseThrow(() -> invalid(field, "is not a base64 data: URI"))));
        }
        Duration timeout = config.inputs().fetchTimeout();
        return guard.check(reference, config.inputs().allowPrivateTargets())
                .onFailure(SsrfGuard.RefusedTarget.class).transform(e -> invalid(field, e.getMessage()))
                .chain(target -> client.request(PinnedRequests.to(target, HttpMethod.GET, timeout)))
                .chain(request -> request.send())
                .chain(response -> {
                    if (response.statusCode() != 200) {
                        return Uni.createFrom().failure(invalid(field, "answered HTTP " + response.statusCode()
                                + (response.statusCode() / 100 == 3 ? " (redirects are not followed)" : "")));
                    }
                    return response.toMulti()
                            .collect().in(Buffer::buffer, (all, chunk) -> {
                                if (all.length() + chunk.length() > config.inputs().maxBytes()) {
                                    throw invalid(field, "is larger than " + config.inputs().maxBytes() + " bytes");
                                }
                                all.appendBuffer(chunk);
                            });
                })
                .ifNoItem().after(timeout).failWith(() -> invalid(field, "could not be fetched within " + timeout.toSeconds() + " s"))
                .map(body -> check(field, body.getBytes()))
                .onFailure(e -> !(e instanceof ProviderException))
                .transform(e -> invalid(field, "could not be fetched: " + e.getMessage()));
    }

    public Uni<List<ImageBytes>> loadAll(String field, List<String> references) {
        if (references.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join().all(references.stream().map(r -> load(field, r)).toList()).andFailFast()
                .map(images -> {
                    long total = images.stream().mapToLong(i -> i.bytes().length).sum();
                    if (total > config.inputs().maxBytes()) {
                        throw invalid(field, "together are larger than " + config.inputs().maxBytes() + " bytes");
                    }
                    return images;
                });
    }

    private ImageBytes check(String field, byte[] bytes) {
        if (bytes.length > config.inputs().maxBytes()) {
            throw invalid(field, "is larger than " + config.inputs().maxBytes() + " bytes");
        }
        return ImageBytes.sniff(bytes).orElseThrow(() -> invalid(field, "is not a JPEG, PNG or WebP image"));
    }

    private static ProviderException invalid(String field, String why) {
        return ProviderException.invalidInput("The input image '" + field + "' " + why + ".");
    }
}
