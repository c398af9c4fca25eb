package io.imagegate.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Admin change to a model; absent fields keep their value. */
@RegisterForReflection
public record ModelUpdate(Integer credits, Boolean enabled,
                          @JsonProperty("supports_callback") Boolean supportsCallback) {
}
