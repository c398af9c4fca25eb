package io.imagegate.dispatch;

import io.imagegate.catalog.Route;
import io.imagegate.config.ImagegateConfig;
import io.imagegate.ops.GatewayMetrics;
import io.imagegate.provider.ProviderException;
import io.imagegate.provider.ProviderResult;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The fault-tolerance policies of each route, from SmallRye Fault Tolerance: a timeout per call, retries
 * with exponential backoff and jitter on retryable failures, and a circuit breaker that opens when the route
 * keeps failing and lets a probe through after a delay. Content rejections, validation errors and keys at
 * their in-flight limit do not count against a route.
 */
@ApplicationScoped
class RouteGuards {

    private static final Logger LOG = Logger.getLogger(RouteGuards.class);
    private static final TypeLiteral<Uni<ProviderResult>> RESULT = new TypeLiteral<>() { };

    private final ImagegateConfig config;
    private final GatewayMetrics metrics;
    private final Map<String, TypedGuard<Uni<ProviderResult>>> guards = new ConcurrentHashMap<>();
    private final CircuitBreakerMaintenance breakers;

    RouteGuards(ImagegateConfig config, GatewayMetrics metrics, CircuitBreakerMaintenance breakers) {
        this.config = config;
        this.metrics = metrics;
        this.breakers = breakers;
    }

    /**
     * The call through the route's guard. A call whose attempt timed out and whose retry then met the breaker that
     * timeout opened failed by timing out: it is typed {@code provider_timeout}, not as the breaker.
     */
    Uni<ProviderResult> call(Route route, Supplier<Uni<ProviderResult>> call) {
        AtomicBoolean timedOut = new AtomicBoolean();
        return guard(route).get(() -> call.get().onCancellation().invoke(() -> timedOut.set(true)))
                .onFailure(TimeoutException.class).transform(e -> timeout(route))
                .onFailure(CircuitBreakerOpenException.class).transform(e -> timedOut.get() ? timeout(route)
                        : ProviderException.retryable("provider_error",
                                "Route " + route.id() + " is failing; its circuit breaker is open.", null));
    }

    private static ProviderException timeout(Route route) {
        return ProviderException.retryable("provider_timeout",
                "The provider did not answer within " + route.timeoutMs() + " ms.", null);
    }

    boolean open(Route route) {
        return guards.containsKey(name(route)) && breakers.currentState(name(route)) == CircuitBreakerState.OPEN;
    }

    /** One guard per route and timeout: editing a route's timeout gives it a new guard. */
    private static String name(Route route) {
        return "route-" + route.id() + "-" + route.timeoutMs();
    }

    private TypedGuard<Uni<ProviderResult>> guard(Route route) {
        return guards.computeIfAbsent(name(route), name -> build(route));
    }

    private TypedGuard<Uni<ProviderResult>> build(Route route) {
        var resilience = config.resilience();
        long maxDuration = route.timeoutMs() * (resilience.maxRetries() + 2L);
        long maxDelay = Math.min(resilience.retryDelay().toMillis() * 8, maxDuration - 1);
        metrics.gauge("imagegate.provider.breaker.open", "route", route.id(), () -> open(route) ? 1 : 0);
        TypedGuard<Uni<ProviderResult>> guard = TypedGuard.create(RESULT)
                .withDescription("route " + route.id())
                .withTimeout().duration(route.timeoutMs(), ChronoUnit.MILLIS).done()
                .withRetry()
                    .maxRetries(resilience.maxRetries())
                    .delay(resilience.retryDelay().toMillis(), ChronoUnit.MILLIS)
                    .jitter(resilience.retryDelay().toMillis() / 2, ChronoUnit.MILLIS)
                    .maxDuration(maxDuration, ChronoUnit.MILLIS)
                    .whenException(RouteGuards::countsAgainstRoute)
                    .withExponentialBackoff().maxDelay(maxDelay, ChronoUnit.MILLIS).done()
                    .done()
                .withCircuitBreaker()
                    .name(name(route))
                    .requestVolumeThreshold(resilience.breakerRequestVolume())
                    .failureRatio(resilience.breakerFailureRatio())
                    .delay(resilience.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                    .when(RouteGuards::countsAgainstRoute)
                    .done()
                .build();
        breakers.onStateChange(name(route), state -> LOG.warnf("Route %s: circuit breaker %s", route.id(),
                state.name().toLowerCase(Locale.ROOT).replace('_', '-')));
        return guard;
    }

    private static boolean countsAgainstRoute(Throwable e) {
        return ProviderException.isRouteFailure(e) || e instanceof TimeoutException;
    }
}
