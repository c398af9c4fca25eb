package io.imagegate.provider.sandbox;

import java.net.URI;
import java.util.Optional;

/** The bytes behind a sandbox image URL, drawn in-process (no HTTP round trip to ourselves). */
public final class SandboxImages {

    private static final String PREFIX = "/sandbox/images/";

    private SandboxImages() {
    }

    public static Optional<byte[]> render(String url) {
        String path = URI.create(url).getPath();
        if (!path.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = path.substring(PREFIX.length()).split("/");
        return parts.length == 2 ? SandboxImage.parse(parts[0], parts[1]).map(SandboxRenderer::render) : Optional.empty();
    }
}
