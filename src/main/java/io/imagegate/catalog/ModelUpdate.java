package io.imagegate.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Admin change to a model; absent fields keep their value. */
public record ModelUpdate(Integer credits, Boolean enabled,
                          @JsonProperty("supports_callback") Boolean supportsCallback) {
}
