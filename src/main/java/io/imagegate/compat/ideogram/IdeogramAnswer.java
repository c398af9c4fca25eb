package io.imagegate.compat.ideogram;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagegate.task.TaskView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.ZoneOffset;

/** Ideogram's answer for a finished task: {@code {"created": "<ISO>", "data": [{url, prompt, resolution, is_image_safe, seed, style_type}]}}. */
public final class IdeogramAnswer {

    private IdeogramAnswer() {
    }

    public static JsonObject of(TaskView task, JsonNode output) {
        JsonObject input = new JsonObject(task.input());
        JsonArray data = new JsonArray();
        output.path("images").forEach(image -> {
            JsonObject item = new JsonObject()
                    .put("url", image.path("url").asText(null))
                    .put("prompt", input.getString("prompt", ""))
                    .put("resolution", image.path("width").asInt() + "x" + image.path("height").asInt())
                    .put("is_image_safe", image.path("is_image_safe").asBoolean())
                    .put("seed", image.path("seed").asLong());
            if (!task.model().equals("ideogram-v4")) {
                item.put("style_type", input.getString("style", "General").toUpperCase());
            }
            data.add(item);
        });
        return new JsonObject().put("created", task.completedAt().atOffset(ZoneOffset.UTC).toString()).put("data", data);
    }
}
