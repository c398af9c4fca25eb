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
