package io.imagegate.ops;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.List;

/**
 * How each route family authenticates, as OpenAPI security schemes: an API key as a bearer token everywhere, or in
 * {@code Api-Key} (Ideogram's routes) or {@code API-KEY} (the features routes); the admin token on the admin API.
 */
final class OpenApiSecurity {

    private OpenApiSecurity() {
    }

    static void apply(OpenAPI openAPI) {
        openAPI.getComponents()
                .addSecurityScheme("apiKey", OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP)
                        .scheme("bearer").bearerFormat("ig_…").description("An Imagegate API key"))
                .addSecurityScheme("ideogramApiKey", header("Api-Key", "An Imagegate API key, as Ideogram's clients send it"))
                .addSecurityScheme("featuresApiKey", header("API-KEY", "An Imagegate API key, as features-style clients send it"))
                .addSecurityScheme("adminToken", OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP)
                        .scheme("bearer").description("IMAGEGATE_ADMIN_TOKEN"));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().values()
                .forEach(operation -> secure(path, operation)));
    }

    private static void secure(String path, Operation operation) {
        if (path.startsWith("/admin/")) {
            operation.setSecurity(List.of(requirement("adminToken")));
        } else if (path.startsWith("/ideogram/")) {
            operation.setSecurity(List.of(requirement("apiKey"), requirement("ideogramApiKey")));
        } else if (path.startsWith("/api/features") || path.startsWith("/api/results")) {
            operation.setSecurity(List.of(requirement("apiKey"), requirement("featuresApiKey")));
        } else if (path.startsWith("/sandbox/")) {
            operation.setSecurity(List.of());
        } else {
            operation.setSecurity(List.of(requirement("apiKey")));
        }
    }

    private static SecurityScheme header(String name, String description) {
        return OASFactory.createSecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER)
                .name(name).description(description);
    }

    private static SecurityRequirement requirement(String scheme) {
        return OASFactory.createSecurityRequirement().addScheme(scheme);
    }
}
