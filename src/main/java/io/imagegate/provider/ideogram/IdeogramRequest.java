package io.imagegate.provider.ideogram;

import io.imagegate.net.ImageBytes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One call to Ideogram: the path, its fields in order, its file parts, and whether it goes as JSON. */
final class IdeogramRequest {

    record FilePart(String name, ImageBytes image) {
    }

    final String path;
    final Map<String, Object> fields = new LinkedHashMap<>();
    final List<FilePart> files = new ArrayList<>();
    private final boolean jsonAllowed;

    IdeogramRequest(String path, boolean jsonAllowed) {
        this.path = path;
        this.jsonAllowed = jsonAllowed;
    }

    IdeogramRequest field(String name, Object value) {
        if (value != null) {
            fields.put(name, value);
        }
        return this;
    }

    IdeogramRequest file(String name, ImageBytes image) {
        files.add(new FilePart(name, image));
        return this;
    }

    /** JSON where the endpoint takes it and there are no files; multipart otherwise. */
    boolean asJson() {
        return jsonAllowed && files.isEmpty();
    }
}
