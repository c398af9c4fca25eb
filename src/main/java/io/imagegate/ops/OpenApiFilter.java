package io.imagegate.ops;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;

import java.util.Map;

/**
 * Completes the OpenAPI document: the one error shape on every operation (the responses every route can give: 400,
 * 401, 404, 500, and the {@code Error} schema they share; route-specific errors are annotated on the route), each
 * route family's security scheme ({@link OpenApiSecurity}) and the schemas the code cannot state ({@link OpenApiSchemas}).
 */
public class OpenApiFilter implements OASFilter {

    private static final String REF = "#/components/schemas/Error";
    private static final Map<String, String> COMMON = Map.of(
            "400", "Invalid request: `error.param` names the field",
            "401", "Missing, unknown, expired or revoked key",
            "404", "No such resource (another account's resources are not found either)",
            "500", "Unexpected error; no details are exposed");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Schema detail = OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.OBJECT))
                .addProperty("code", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.INTEGER)))
                .addProperty("type", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING)))
                .addProperty("message", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING)))
                .addProperty("param", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING, Schema.SchemaType.NULL)));
        openAPI.getComponents().addSchema("Error", OASFactory.createSchema()
                .type(java.util.List.of(Schema.SchemaType.OBJECT)).addProperty("error", detail));
        OpenApiSecurity.apply(openAPI);
        OpenApiSchemas.apply(openAPI);
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(this::addErrors));
    }

    private void addErrors(Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        COMMON.forEach((code, description) -> {
            if (operation.getResponses().getAPIResponse(code) == null) {
                operation.getResponses().addAPIResponse(code, OASFactory.createAPIResponse()
                        .description(description)
                        .content(OASFactory.createContent().addMediaType("application/json",
                                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(REF)))));
            }
        });
    }
}
