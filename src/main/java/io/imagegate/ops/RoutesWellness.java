package io.imagegate.ops;

import io.imagegate.catalog.Catalog;
import io.imagegate.catalog.CatalogModel;
import io.imagegate.catalog.Routing;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import java.util.List;

/**
 * Whether every enabled model has a route it can use now (no open circuit breaker, an upstream key). This is health
 * data ({@code /q/health/well}), not readiness: an upstream outage must not take every replica out of the Service,
 * which would stop the models and routes that still work. A submission to a model with no usable route is a 503.
 */
@Wellness
@ApplicationScoped
class RoutesWellness implements HealthCheck {

    private final Catalog catalog;
    private final Routing routing;

    RoutesWellness(Catalog catalog, Routing routing) {
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
                .withData("enabled_models_without_usable_route", String.join(",", unrouted))
                .build();
    }
}
