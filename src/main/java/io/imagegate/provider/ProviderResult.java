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

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Image(String url, int width, int height, long seed,
                        @JsonProperty("is_image_safe") boolean isImageSafe,
                        @JsonProperty("content_type") String contentType,
                        @JsonProperty("expires_at") Instant expiresAt) {
    }
}
