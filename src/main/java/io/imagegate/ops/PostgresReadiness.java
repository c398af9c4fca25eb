package io.imagegate.ops;

import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/**
 * Ready means this replica can serve requests: both of its Postgres pools answer. Nothing else decides readiness
 * (upstreams and Redis are reported at {@code /q/health/well}). The JDBC pool, used only by Flyway at start-up, is
 * not checked, so it holds no connection after the migrations.
 */
@Readiness
@ApplicationScoped
class PostgresReadiness implements AsyncHealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Pool pool;
    private final Pool commits;

    PostgresReadiness(Pool pool, @ReactiveDataSource("commits") Pool commits) {
        this.pool = pool;
        this.commits = commits;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.combine().all().unis(ping(pool), ping(commits)).asTuple()
                .replaceWith(HealthCheckResponse.up("postgres"))
                .ifNoItem().after(TIMEOUT).fail()
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("postgres").down()
                        .withData("error", String.valueOf(e.getMessage())).build());
    }

    private static Uni<Void> ping(Pool pool) {
        return pool.query("SELECT 1").execute().replaceWithVoid();
    }
}
