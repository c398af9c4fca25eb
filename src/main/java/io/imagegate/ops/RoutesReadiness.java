package io.imagegate.ops;

import io.imagegate.catalog.Catalog;
import io.imagegate.catalog.CatalogModel;
import io.imagegate.catalog.Routing;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.List;

/** Ready only when every enabled model has a provider to run it (Postgres and Redis have their own checks). */
@Readiness
@ApplicationScoped
class RoutesReadiness implements HealthCheck {

    private final Catalog catalog;
    private final Routing routing;

    RoutesReadiness(Catalog catalog, Routing routing) {
        this.catalog = catalog;
        this.routing = routing;
    }

    @Override
    public HealthCheckResponse call() {
        List<String> unrouted = catalog.all().stream()
                .filter(CatalogModel::enabled)
                .filter(model -> !routing.canServeNow(model))
                .map(CatalogModel::id)
                .toList();
        return HealthCheckResponse.named("routes")
                .status(unrouted.isEmpty())
                .withData("enabled_models_without_route", String.join(",", unrouted))
                .build();
    }
}
