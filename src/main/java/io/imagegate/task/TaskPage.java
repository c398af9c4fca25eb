package io.imagegate.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** One page of a list, newest first; {@code next_cursor} is null on the last page. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TaskPage(List<?> items, @JsonProperty("next_cursor") String nextCursor) {
}
