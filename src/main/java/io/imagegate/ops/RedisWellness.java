package io.imagegate.ops;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.Wellness;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;

import java.time.Duration;

/**
 * Whether Redis answers. Health data, not readiness: without Redis the gateway still serves (events stay in the
 * outbox, waiters poll Postgres, the rate limiter limits on its own), so a Redis blip must not remove every pod.
 */
@Wellness
@ApplicationScoped
class RedisWellness implements AsyncHealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final ReactiveRedisDataSource redis;

    RedisWellness(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return redis.execute("PING").replaceWith(HealthCheckResponse.up("redis"))
                .ifNoItem().after(TIMEOUT).fail()
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("redis").down()
                        .withData("error", String.valueOf(e.getMessage())).build());
    }
}
