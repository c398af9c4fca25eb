package io.imagegate.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagegate.config.ImagegateConfig;
import io.imagegate.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Refuses, at submission, input image URLs the fetcher would refuse (the SSRF guard's verdict). */
@ApplicationScoped
public class InputUrlCheck {

    private static final List<String> FIELDS = List.of("image", "mask_image", "reference_images", "character_reference_images");

    private final SsrfGuard guard;
    private final ImagegateConfig config;

    InputUrlCheck(SsrfGuard guard, ImagegateConfig config) {
        this.guard = guard;
        this.config = config;
    }

    private String hint() {
        return config.inputs().allowPrivateTargets() ? "" : " (IMAGEGATE_INPUTS_ALLOW_PRIVATE_TARGETS=true allows http and "
                + "private addresses: for local work only)";
    }

    public Uni<Void> check(ObjectNode input) {
        List<Map.Entry<String, String>> urls = new ArrayList<>();
        for (String field : FIELDS) {
            JsonNode value = input.path(field);
            if (value.isTextual()) {
                urls.add(Map.entry(field, value.asText()));
            }
            value.forEach(item -> urls.add(Map.entry(field, item.asText())));
        }
        List<Uni<Void>> checks = urls.stream().filter(e -> !e.getValue().startsWith("data:"))
                .map(e -> guard.check(e.getValue(), config.inputs().allowPrivateTargets()).replaceWithVoid()
                        .onFailure(SsrfGuard.RefusedTarget.class)
                        .transform(x -> ApiException.invalidValue(e.getKey(), x.getMessage() + hint())))
                .toList();
        return checks.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(checks).andFailFast().replaceWithVoid();
    }
}
