package io.imagegate.provider.openai;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** An OpenAI-style images API under the route's base URL: a bearer key, a JSON request, a JSON answer. */
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface OpenAiImagesApi {

    @POST
    @Path("/images/generations")
    Uni<JsonObject> generate(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer, JsonObject body);
}
