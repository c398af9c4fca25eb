package io.imagegate.dispatch;

import io.imagegate.catalog.Catalog;
import io.imagegate.catalog.CatalogModel;
import io.imagegate.catalog.Route;
import io.imagegate.catalog.Routing;
import io.imagegate.config.ImagegateConfig;
import io.imagegate.provider.Provider;
import io.imagegate.provider.sandbox.SandboxProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which routes can serve a model now: enabled, with an installed provider, keys in their pool and a closed
 * (or half-open) circuit breaker. Models left without one go to the sandbox when the operator opted into the
 * fallback ({@code IMAGEGATE_SANDBOX_FALLBACK}).
 */
@ApplicationScoped
public class ProviderRouting implements Routing {

    private static final int FALLBACK_TIMEOUT_MS = 60_000;

    private final Map<String, Provider> providers;
    private final Catalog catalog;
    private final KeyPools keys;
    private final RouteGuards guards;
    private final boolean sandboxFallback;

    ProviderRouting(Instance<Provider> providers, Catalog catalog, KeyPools keys, RouteGuards guards,
                    ImagegateConfig config) {
        this.providers = providers.stream().collect(Collectors.toUnmodifiableMap(Provider::id, Function.identity()));
        this.catalog = catalog;
        this.keys = keys;
        this.guards = guards;
        this.sandboxFallback = config.sandbox().fallback();
    }

    /** The provider that would serve the model, open breakers or not: tasks wait in Postgres for a breaker to close. */
    @Override
    public Optional<String> providerFor(CatalogModel model) {
        return configuredRoutes(model.id()).findFirst().map(Route::provider)
                .or(() -> sandboxFallback ? Optional.of(SandboxProvider.ID) : Optional.empty());
    }

    @Override
    public boolean canServeNow(CatalogModel model) {
        return !usableRoutes(model.id()).isEmpty() || (sandboxFallback && configuredRoutes(model.id()).findAny().isEmpty());
    }

    @Override
    public Optional<Duration> sandboxTimeout(CatalogModel model) {
        List<Route> routes = configuredRoutes(model.id()).toList();
        if (routes.isEmpty()) {
            return sandboxFallback ? Optional.of(Duration.ofMillis(FALLBACK_TIMEOUT_MS)) : Optional.empty();
        }
        return routes.stream().filter(r -> r.provider().equals(SandboxProvider.ID))
                .map(r -> Duration.ofMillis(r.timeoutMs())).min(Comparator.naturalOrder());
    }

    @Override
    public boolean knowsProvider(String provider) {
        return providers.containsKey(provider);
    }

    @Override
    public List<String> providerIds() {
        return providers.keySet().stream().sorted().toList();
    }

    Provider provider(String id) {
        return providers.get(id);
    }

    /** Every (route, key) pair that may take work now, best first; weights order routes of equal priority. */
    List<KeyedRoute> keyedRoutes() {
        List<KeyedRoute> keyedRoutes = new ArrayList<>();
        for (CatalogModel model : catalog.all()) {
            keyedRoutes.addAll(keyedRoutes(model.id()));
        }
        return keyedRoutes;
    }

    /** The model's (route, key) pairs that may take work now, best first. */
    List<KeyedRoute> keyedRoutes(String modelId) {
        List<Route> usable = usableRoutes(modelId);
        if (usable.isEmpty() && sandboxFallback && configuredRoutes(modelId).findAny().isEmpty()) {
            usable = List.of(new Route("fallback." + modelId, modelId, SandboxProvider.ID, null, null,
                    KeyPools.SANDBOX, 0, 1, FALLBACK_TIMEOUT_MS, true));
        }
        List<KeyedRoute> keyedRoutes = new ArrayList<>();
        for (Route route : weighted(usable)) {
            String pool = poolOf(route);
            String baseUrl = route.baseUrl() != null ? route.baseUrl() : keys.baseUrl(pool);
            keys.keys(pool).forEach(key -> keyedRoutes.add(new KeyedRoute(route, pool, key, baseUrl)));
        }
        return keyedRoutes;
    }

    /** Usable routes of the model that this task has not already failed on. */
    boolean hasRouteBesides(String modelId, List<String> avoided) {
        return usableRoutes(modelId).stream().anyMatch(r -> !avoided.contains(r.id()));
    }

    int budget(KeyedRoute keyed) {
        return keys.budget(keyed.pool(), keyed.key());
    }

    void rest(KeyedRoute keyed, Long retryAfterSeconds) {
        keys.rest(keyed.key().id(), retryAfterSeconds);
    }

    private List<Route> usableRoutes(String modelId) {
        return configuredRoutes(modelId).filter(r -> !guards.open(r)).toList();
    }

    private java.util.stream.Stream<Route> configuredRoutes(String modelId) {
        return catalog.routesFor(modelId).stream()
                .filter(Route::enabled)
                .filter(r -> providers.containsKey(r.provider()))
                .filter(r -> !keys.keys(poolOf(r)).isEmpty())
                .sorted(Comparator.comparingInt(Route::priority));
    }

    private static String poolOf(Route route) {
        return route.keyPool() == null ? KeyPools.SANDBOX : route.keyPool();
    }

    /** Same-priority routes in a random order biased by weight (Efraimidis–Spirakis keys). */
    private static List<Route> weighted(List<Route> routes) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Map<Route, Double> keys = routes.stream().collect(Collectors.toMap(Function.identity(),
                r -> Math.pow(random.nextDouble(), 1.0 / r.weight()), (a, b) -> a));
        return routes.stream()
                .sorted(Comparator.comparingInt(Route::priority).thenComparing(r -> -keys.get(r)))
                .toList();
    }
}
