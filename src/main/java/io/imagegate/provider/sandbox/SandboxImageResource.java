package io.imagegate.provider.sandbox;

import io.imagegate.error.ApiException;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/** Serves the sandbox's images. Drawing is CPU work, so it runs on a worker thread, never the event loop. */
@Path("/sandbox/images")
public class SandboxImageResource {

    @GET
    @Path("{size}/{name}")
    @Blocking
    public Response image(@PathParam("size") String size, @PathParam("name") String name) {
        SandboxImage image = SandboxImage.parse(size, name).orElseThrow(() -> ApiException.notFound("Image"));
        return Response.ok(SandboxRenderer.render(image), image.contentType())
                .header("Cache-Control", "public, max-age=31536000, immutable")
                .build();
    }
}
