package io.imagegate.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** One way to serve a model: a provider, its upstream model name, base URL, key pool and place in line. */
@RegisterForReflection
public record Route(String id,
                    @JsonProperty("model_id") String modelId,
                    String provider,
                    @JsonProperty("upstream_model") String upstreamModel,
                    @JsonProperty("base_url") String baseUrl,
                    @JsonProperty("key_pool") String keyPool,
                    int priority,
                    int weight,
                    @JsonProperty("timeout_ms") int timeoutMs,
                    boolean enabled) {
}
