package io.imagegate.catalog;

import io.imagegate.error.ApiException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The models in Postgres, held in memory and re-read every few seconds so every replica sees operator changes. */
@ApplicationScoped
public class Catalog {

    private static final Logger LOG = Logger.getLogger(Catalog.class);
    private static final Duration REFRESH = Duration.ofSeconds(5);

    private final CatalogRepository repository;
    private final Routing routing;
    private final AtomicReference<Map<String, CatalogModel>> models = new AtomicReference<>(Map.of());
    private final AtomicReference<List<Route>> routes = new AtomicReference<>(List.of());
    private Vertx vertx;
    private long timer;

    Catalog(CatalogRepository repository, Routing routing) {
        this.repository = repository;
        this.routing = routing;
    }

    void load(@Observes StartupEvent ignored, Vertx vertx) {
        refresh().await().atMost(Duration.ofSeconds(30));
        this.vertx = vertx;
        timer = vertx.setPeriodic(REFRESH.toMillis(), id -> refresh().subscribe().with(
                loaded -> { }, e -> LOG.warnf("Catalog refresh failed: %s", e.getMessage())));
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (vertx != null) {
            vertx.cancelTimer(timer);
        }
    }

    Uni<Void> refresh() {
        return repository.all().invoke(all -> models.set(all.stream()
                        .collect(Collectors.toUnmodifiableMap(CatalogModel::id, Function.identity()))))
                .chain(repository::routes)
                .invoke(routes::set)
                .replaceWithVoid();
    }

    /** The model's routes in the order they are tried: priority, then id. */
    public List<Route> routesFor(String modelId) {
        return routes.get().stream().filter(r -> r.modelId().equals(modelId)).toList();
    }

    public List<Route> routes() {
        return routes.get();
    }

    public Uni<Route> saveRoute(Route route) {
        if (!models.get().containsKey(route.modelId())) {
            return Uni.createFrom().failure(ApiException.invalidValue("model_id", "Unknown model '" + route.modelId() + "'."));
        }
        if (!routing.knowsProvider(route.provider())) {
            return Uni.createFrom().failure(ApiException.invalidValue("provider", "Unknown provider '" + route.provider()
                    + "'; this gateway has " + String.join(", ", routing.providerIds()) + "."));
        }
        return repository.save(route).call(this::refresh);
    }

    /** Models clients can use now: enabled and served by a provider. */
    public List<CatalogModel> available() {
        return models.get().values().stream()
                .filter(m -> m.enabled() && routing.providerFor(m).isPresent())
                .sorted((a, b) -> a.id().compareTo(b.id()))
                .toList();
    }

    /** See {@link Routing#sandboxTimeout}. */
    public Optional<Duration> sandboxTimeout(CatalogModel model) {
        return routing.sandboxTimeout(model);
    }

    public Optional<CatalogModel> available(String id) {
        return Optional.ofNullable(models.get().get(id)).filter(m -> m.enabled() && routing.providerFor(m).isPresent());
    }

    public List<CatalogModel> all() {
        return models.get().values().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
    }

    public Uni<CatalogModel> update(String id, ModelUpdate update) {
        if (update.credits() != null && update.credits() < 0) {
            return Uni.createFrom().failure(ApiException.invalidValue("credits", "credits must be 0 or more."));
        }
        return repository.update(id, update)
                .map(found -> found.orElseThrow(() -> ApiException.notFound("Model " + id)))
                .call(this::refresh);
    }
}
