package io.imagegate.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A model as operators configure it: price, switch and callback support; its rules come from its family. */
@RegisterForReflection
public record CatalogModel(String id, ModelFamily family, String provider, int credits, boolean enabled,
                           @JsonProperty("supports_callback") boolean supportsCallback) {
}
