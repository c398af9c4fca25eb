package io.imagegate.net;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagegate.config.ImagegateConfig;
import io.imagegate.provider.ProviderException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * Loads the input images of a task ({@code image}, {@code mask_image}, references) from the account's stored images
 * ({@link InputImageStore}), from http(s) URLs through {@link GuardedFetch}, or from {@code data:} URIs (tasks
 * accepted before images were stored); and checks what they are by their content. A bad image fails the task with
 * {@code invalid_input_image}.
 */
@ApplicationScoped
public class InputImages {

    private final GuardedFetch fetch;
    private final InputImageStore store;
    private final ImagegateConfig config;

    InputImages(GuardedFetch fetch, InputImageStore store, ImagegateConfig config) {
        this.fetch = fetch;
        this.store = store;
        this.config = config;
    }

    /** The image a task's input names in {@code field}: a stored image's reference, a URL, or a data: URI. */
    public Uni<ImageBytes> load(String accountId, String field, JsonNode reference) {
        if (InputImageStore.isReference(reference)) {
            return store.read(accountId, reference.get("sha256").asText())
                    .map(found -> check(field, found.orElseThrow(() -> invalid(field, "is no longer stored")).bytes()));
        }
        String value = reference.asText();
        if (value.startsWith("data:")) {
            return Uni.createFrom().item(() -> check(field, ImageBytes.dataUri(value)
                    .orElseThrow(() -> invalid(field, "is not a base64 data: URI"))));
        }
        return fetch.bytes(value, config.inputs().allowPrivateTargets(), config.inputs().maxBytes(),
                        config.inputs().fetchTimeout())
                .onFailure(GuardedFetch.FetchFailed.class).transform(e -> invalid(field, "could not be used: " + e.getMessage()))
                .map(bytes -> check(field, bytes));
    }

    /** Every image of a list field ({@code reference_images}), at most the size limit together. */
    public Uni<List<ImageBytes>> loadAll(String accountId, String field, JsonNode references) {
        if (references == null || references.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Uni<ImageBytes>> loads = new ArrayList<>();
        references.forEach(reference -> loads.add(load(accountId, field, reference)));
        return Uni.join().all(loads).andFailFast()
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
