package io.imagegate.ops;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Started once Flyway has migrated the schema and the catalog is loaded, which both happen before StartupEvent ends. */
@Startup
@ApplicationScoped
class MigrationsStartup implements HealthCheck {

    private volatile boolean started;

    void started(@Observes StartupEvent ignored) {
        started = true;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("migrations").status(started).build();
    }
}
