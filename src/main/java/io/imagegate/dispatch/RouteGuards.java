package io.imagegate.dispatch;

import io.imagegate.catalog.Route;
import io.imagegate.config.ImagegateConfig;
import io.imagegate.ops.GatewayMetrics;
import io.imagegate.provider.ProviderException;
import io.imagegate.provider.ProviderResult;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The fault-tolerance policies of each route, from SmallRye Fault Tolerance: a timeout per call, retries
 * with exponential backoff and jitter on retryable failures, and a circuit breaker that opens when the route
 * keeps failing and lets a probe through after a delay. Content rejections, validation errors and keys at
 * their in-flight limit do not count against a route.
 */
@ApplicationScoped
class RouteGuards {

    private static final TypeLiteral<Uni<ProviderResult>> RESULT = new TypeLiteral<>() { };

    private record Guarded(int timeoutMs, TypedGuard<Uni<ProviderResult>> guard) {
    }

    private final ImagegateConfig config;
    private final GatewayMetrics metrics;
    private final Map<String, Guarded> guards = new ConcurrentHashMap<>();
    private final Map<String, CircuitBreakerState> states = new ConcurrentHashMap<>();

    RouteGuards(ImagegateConfig config, GatewayMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    Uni<ProviderResult> call(Route route, Supplier<Uni<ProviderResult>> call) {
        return guard(route).get(call)
                .onFailure(TimeoutException.class).transform(e -> ProviderException.retryable("provider_timeout",
                        "The provider did not answer within " + route.timeoutMs() + " ms.", null))
                .onFailure(CircuitBreakerOpenException.class).transform(e -> ProviderException.retryable("provider_error",
                        "Route " + route.id() + " is failing; its circuit breaker is open.", null));
    }

    boolean open(String routeId) {
        return states.get(routeId) == CircuitBreakerState.OPEN;
    }

    private TypedGuard<Uni<ProviderResult>> guard(Route route) {
        Guarded current = guards.get(route.id());
        if (current == null || current.timeoutMs() != route.timeoutMs()) {
            current = new Guarded(route.timeoutMs(), build(route));
            guards.put(route.id(), current);
        }
        return current.guard();
    }

    private TypedGuard<Uni<ProviderResult>> build(Route route) {
        var resilience = config.resilience();
        metrics.gauge("imagegate.provider.breaker.open", "route", route.id(), () -> open(route.id()) ? 1 : 0);
        return TypedGuard.create(RESULT)
                .withDescription("route " + route.id())
                .withTimeout().duration(route.timeoutMs(), ChronoUnit.MILLIS).done()
                .withRetry()
                    .maxRetries(resilience.maxRetries())
                    .delay(resilience.retryDelay().toMillis(), ChronoUnit.MILLIS)
                    .jitter(resilience.retryDelay().toMillis() / 2, ChronoUnit.MILLIS)
                    .maxDuration(route.timeoutMs() * (resilience.maxRetries() + 2L), ChronoUnit.MILLIS)
                    .whenException(RouteGuards::countsAgainstRoute)
                    .withExponentialBackoff().done()
                    .done()
                .withCircuitBreaker()
                    .requestVolumeThreshold(resilience.breakerRequestVolume())
                    .failureRatio(resilience.breakerFailureRatio())
                    .delay(resilience.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                    .when(RouteGuards::countsAgainstRoute)
                    .onStateChange(state -> states.put(route.id(), state))
                    .done()
                .build();
    }

    private static boolean countsAgainstRoute(Throwable e) {
        return ProviderException.isRouteFailure(e) || e instanceof TimeoutException;
    }
}
