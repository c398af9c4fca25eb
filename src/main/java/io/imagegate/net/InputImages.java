package io.imagegate.net;

import io.imagegate.config.ImagegateConfig;
import io.imagegate.provider.ProviderException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Loads the input images of a task ({@code image}, {@code mask_image}, references) from http(s) URLs, through
 * the SSRF guard and to exactly the checked address, with no redirects, a size limit and a time limit, or
 * from {@code data:} URIs; and checks what they are by their content. A bad image fails the task with
 * {@code invalid_input_image}.
 */
@ApplicationScoped
public class InputImages {

    private final GuardedFetch fetch;
    private final ImagegateConfig config;

    InputImages(GuardedFetch fetch, ImagegateConfig config) {
        this.fetch = fetch;
        this.config = config;
    }

    public Uni<ImageBytes> load(String field, String reference) {
        if (reference.startsWith("data:")) {
            return Uni.createFrom().item(() -> check(field, ImageBytes.dataUri(reference)
                    .orElseThrow(() -> invalid(field, "is not a base64 data: URI"))));
        }
        return fetch.bytes(reference, config.inputs().allowPrivateTargets(), config.inputs().maxBytes(),
                        config.inputs().fetchTimeout())
                .onFailure(GuardedFetch.FetchFailed.class).transform(e -> invalid(field, "could not be used: " + e.getMessage()))
                .map(bytes -> check(field, bytes));
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
