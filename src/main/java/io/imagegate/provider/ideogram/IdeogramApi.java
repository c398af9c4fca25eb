package io.imagegate.provider.ideogram;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

/**
 * Ideogram's API as the gateway calls it (developer.ideogram.ai): the key in {@code Api-Key}, JSON where an endpoint
 * takes it, multipart/form-data where files go, a JSON answer.
 */
@Produces(MediaType.APPLICATION_JSON)
public interface IdeogramApi {

    String API_KEY = "Api-Key";

    /** 3.0: generate, generate-transparent, remix, edit (inpaint), reframe, replace-background. */
    @POST
    @Path("/v1/ideogram-v3/{endpoint}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<JsonObject> v3(@PathParam("endpoint") String endpoint, @HeaderParam(API_KEY) String apiKey, JsonObject body);

    @POST
    @Path("/v1/ideogram-v3/{endpoint}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    Uni<JsonObject> v3(@PathParam("endpoint") String endpoint, @HeaderParam(API_KEY) String apiKey,
                       ClientMultipartForm form);

    /** 4.0 generates one image per call. */
    @POST
    @Path("/v1/ideogram-v4/generate")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<JsonObject> v4Generate(@HeaderParam(API_KEY) String apiKey, JsonObject body);

    /** The legacy upscale and describe: the image as {@code image_file}, options as a JSON part. */
    @POST
    @Path("/{endpoint}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    Uni<JsonObject> legacy(@PathParam("endpoint") String endpoint, @HeaderParam(API_KEY) String apiKey,
                           ClientMultipartForm form);
}
