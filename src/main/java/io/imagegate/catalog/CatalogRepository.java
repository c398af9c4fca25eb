package io.imagegate.catalog;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
class CatalogRepository {

    private static final String ROUTE_COLUMNS =
            "id, model_id, provider, upstream_model, base_url, key_pool, priority, weight, timeout_ms, enabled";

    private final Pool pool;

    CatalogRepository(Pool pool) {
        this.pool = pool;
    }

    Uni<List<CatalogModel>> all() {
        return pool.query("SELECT id, family, provider, credits, enabled, supports_callback FROM models ORDER BY id")
                .execute()
                .map(rows -> {
                    List<CatalogModel> models = new ArrayList<>();
                    rows.forEach(row -> models.add(model(row)));
                    return models;
                });
    }

    Uni<List<Route>> routes() {
        return pool.query("SELECT " + ROUTE_COLUMNS + " FROM routes ORDER BY model_id, priority, id")
                .execute()
                .map(rows -> {
                    List<Route> routes = new ArrayList<>();
                    rows.forEach(row -> routes.add(route(row)));
                    return routes;
                });
    }

    /** Creates or replaces a route. */
    Uni<Route> save(Route route) {
        return pool.preparedQuery("""
                        INSERT INTO routes (id, model_id, provider, upstream_model, base_url, key_pool, priority, weight,
                                            timeout_ms, enabled)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                        ON CONFLICT (id) DO UPDATE SET model_id = excluded.model_id, provider = excluded.provider,
                            upstream_model = excluded.upstream_model, base_url = excluded.base_url,
                            key_pool = excluded.key_pool, priority = excluded.priority, weight = excluded.weight,
                            timeout_ms = excluded.timeout_ms, enabled = excluded.enabled, updated_at = now()
                        RETURNING\s""" + ROUTE_COLUMNS)
                .execute(Tuple.from(java.util.Arrays.asList(route.id(), route.modelId(), route.provider(),
                        route.upstreamModel(), route.baseUrl(), route.keyPool(), route.priority(), route.weight(),
                        route.timeoutMs(), route.enabled())))
                .map(rows -> route(rows.iterator().next()));
    }

    private static Route route(Row row) {
        return new Route(row.getString("id"), row.getString("model_id"), row.getString("provider"),
                row.getString("upstream_model"), row.getString("base_url"), row.getString("key_pool"),
                row.getInteger("priority"), row.getInteger("weight"), row.getInteger("timeout_ms"),
                row.getBoolean("enabled"));
    }

    Uni<Optional<CatalogModel>> update(String id, ModelUpdate update) {
        return pool.preparedQuery("""
                        UPDATE models SET credits = coalesce($2, credits), enabled = coalesce($3, enabled),
                                          supports_callback = coalesce($4, supports_callback), updated_at = now()
                        WHERE id = $1
                        RETURNING id, family, provider, credits, enabled, supports_callback""")
                .execute(Tuple.of(id, update.credits(), update.enabled(), update.supportsCallback()))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(model(rows.iterator().next())));
    }

    private static CatalogModel model(Row row) {
        return new CatalogModel(row.getString("id"), ModelFamily.fromId(row.getString("family")),
                row.getString("provider"), row.getInteger("credits"), row.getBoolean("enabled"),
                row.getBoolean("supports_callback"));
    }
}
