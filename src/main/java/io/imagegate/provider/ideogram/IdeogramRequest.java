package io.imagegate.provider.ideogram;

import io.imagegate.net.ImageBytes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One call to Ideogram: which API and endpoint, its fields in order, its file parts, and whether it may go as JSON. */
final class IdeogramRequest {

    enum Api { V3, V4, LEGACY }

    record FilePart(String name, ImageBytes image) {
    }

    final Api api;
    final String endpoint;
    final Map<String, Object> fields = new LinkedHashMap<>();
    final List<FilePart> files = new ArrayList<>();
    private final boolean jsonAllowed;

    private IdeogramRequest(Api api, String endpoint, boolean jsonAllowed) {
        this.api = api;
        this.endpoint = endpoint;
        this.jsonAllowed = jsonAllowed;
    }

    static IdeogramRequest v3(String endpoint, boolean jsonAllowed) {
        return new IdeogramRequest(Api.V3, endpoint, jsonAllowed);
    }

    static IdeogramRequest v4Generate() {
        return new IdeogramRequest(Api.V4, "generate", true);
    }

    static IdeogramRequest legacy(String endpoint) {
        return new IdeogramRequest(Api.LEGACY, endpoint, false);
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
