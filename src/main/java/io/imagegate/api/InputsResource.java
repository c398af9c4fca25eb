package io.imagegate.api;

import io.imagegate.auth.Callers;
import io.imagegate.auth.Roles;
import io.imagegate.error.ApiException;
import io.imagegate.net.InputImageStore;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The input images the account sent inline, by the hash its tasks' inputs name them with. */
@RolesAllowed(Roles.ACCOUNT)
@Path("/api/v1/inputs")
public class InputsResource {

    private final Callers callers;
    private final InputImageStore store;

    InputsResource(Callers callers, InputImageStore store) {
        this.callers = callers;
        this.store = store;
    }

    @GET
    @Path("{sha256}")
    @APIResponse(responseCode = "200", description = "The image's bytes, with its content type",
            content = @Content(mediaType = "image/*"))
    @APIResponse(responseCode = "404", description = "The account stored no such image",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "Error")))
    public Uni<Response> image(@PathParam("sha256") String sha256) {
        return callers.current()
                .chain(caller -> store.read(caller.accountId(), sha256))
                .map(found -> found.orElseThrow(() -> ApiException.notFound("Input image " + sha256)))
                .map(image -> Response.ok(image.bytes(), image.contentType())
                        .header(HttpHeaders.ETAG, "\"" + sha256 + "\"")
                        .header(HttpHeaders.CACHE_CONTROL, "private, max-age=31536000, immutable")
                        .build());
    }
}
