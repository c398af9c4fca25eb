package io.imagegate.provider;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/** A task's {@code output}: the images, or for {@code describe} the descriptions. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ProviderResult(List<Image> images, List<String> descriptions) {

    /** What the caller receives and pays for: each image with a URL (one the safety check withheld has none), or the descriptions as one. */
    public int delivered() {
        long images = this.images == null ? 0 : this.images.stream().filter(i -> i.url() != null && !i.url().isEmpty()).count();
        return (int) images + (descriptions == null || descriptions.isEmpty() ? 0 : 1);
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Image(String url, int width, int height, long seed,
                        @JsonProperty("is_image_safe") boolean isImageSafe,
                        @JsonProperty("content_type") String contentType,
                        @JsonProperty("expires_at") Instant expiresAt) {
    }
}
