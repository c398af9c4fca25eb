package io.imagegate.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.imagegate.api.Envelope;
import io.imagegate.auth.Callers;
import io.imagegate.auth.Roles;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

@RolesAllowed(Roles.ACCOUNT)
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    private final Catalog catalog;
    private final Callers callers;

    ModelsResource(Catalog catalog, Callers callers) {
        this.catalog = catalog;
        this.callers = callers;
    }

    /** The models the caller's key may use, with every parameter's allowed values. */
    @GET
    public Uni<Envelope<List<ModelView>>> list() {
        return callers.current().map(caller -> Envelope.ok(catalog.available().stream()
                .filter(model -> caller.mayUse(model.id()))
                .map(ModelView::of)
                .toList()));
    }

    @RegisterForReflection
    public record ModelView(String id, String family, String provider, int credits,
                            @JsonProperty("input_types") List<String> inputTypes, String output,
                            List<String> operations,
                            @JsonProperty("supports_callback") boolean supportsCallback,
                            Parameters parameters) {

        static ModelView of(CatalogModel model) {
            ModelFamily family = model.family();
            return new ModelView(model.id(), family.id(), model.provider(), model.credits(),
                    family.takesImages() ? List.of("text", "image") : List.of("text"),
                    "image",
                    family.operations().stream().sorted().map(Operation::wire).toList(),
                    model.supportsCallback(),
                    new Parameters(family.aspectRatios(), family.sizes(), family.resolutions(),
                            family.customResolutions(), family.styles(), family.stylePresets(), family.speeds(),
                            family.formats(), new Range(1, 8)));
        }
    }

    @RegisterForReflection
    public record Parameters(@JsonProperty("aspect_ratios") List<String> aspectRatios,
                             List<String> sizes,
                             List<String> resolutions,
                             @JsonProperty("custom_resolutions") ModelFamily.PixelBounds customResolutions,
                             List<String> styles,
                             @JsonProperty("style_presets") List<String> stylePresets,
                             @JsonProperty("rendering_speeds") List<String> renderingSpeeds,
                             @JsonProperty("output_formats") List<String> outputFormats,
                             @JsonProperty("num_images") Range numImages) {
    }

    @RegisterForReflection
    public record Range(int min, int max) {
    }
}
