package io.imagegate.auth;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

@ApplicationScoped
class ApiKeyRepository {

    private static final String COLUMNS =
            "id, account_id, name, secret_hash, allowed_models, rate_limit_per_minute, expires_at, revoked_at, created_at";

    private final Pool pool;

    ApiKeyRepository(Pool pool) {
        this.pool = pool;
    }

    Uni<Void> insert(String id, String accountId, String name, ApiKeyFormat.Issued issued, NewKey request) {
        return pool.preparedQuery("""
                        INSERT INTO api_keys (id, account_id, name, lookup, secret_hash, allowed_models,
                                              rate_limit_per_minute, expires_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""")
                .execute(Tuple.from(Arrays.asList(id, accountId, name, issued.lookup(),
                        io.vertx.core.buffer.Buffer.buffer(issued.secretHash()),
                        request.allowedModels() == null ? null : request.allowedModels().toArray(String[]::new),
                        request.rateLimitPerMinute(),
                        request.expiresAt() == null ? null : request.expiresAt().atOffset(ZoneOffset.UTC))))
                .replaceWithVoid();
    }

    Uni<Optional<StoredKey>> findByLookup(String lookup) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM api_keys WHERE lookup = $1")
                .execute(Tuple.of(lookup))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(stored(rows.iterator().next())));
    }

    Uni<List<KeyView>> listByAccount(String accountId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM api_keys WHERE account_id = $1 ORDER BY created_at DESC LIMIT 1000")
                .execute(Tuple.of(accountId))
                .map(ApiKeyRepository::views);
    }

    /** Marks the key revoked; empty when no such key exists. */
    Uni<Optional<String>> revoke(String id) {
        return pool.preparedQuery("""
                        UPDATE api_keys SET revoked_at = coalesce(revoked_at, now())
                        WHERE id = $1 RETURNING lookup""")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString(0)));
    }

    private static List<KeyView> views(RowSet<Row> rows) {
        List<KeyView> out = new ArrayList<>();
        rows.forEach(row -> out.add(view(row)));
        return out;
    }

    static KeyView view(Row row) {
        return new KeyView(row.getString("id"), row.getString("account_id"), row.getString("name"),
                models(row), row.getInteger("rate_limit_per_minute"), instant(row, "expires_at"),
                instant(row, "revoked_at"), instant(row, "created_at"));
    }

    private static StoredKey stored(Row row) {
        return new StoredKey(row.getString("id"), row.getString("account_id"),
                row.getBuffer("secret_hash").getBytes(), models(row), row.getInteger("rate_limit_per_minute"),
                instant(row, "expires_at"), instant(row, "revoked_at"));
    }

    private static Set<String> models(Row row) {
        String[] models = row.getArrayOfStrings("allowed_models");
        return models == null ? null : Set.copyOf(new LinkedHashSet<>(Arrays.asList(models)));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
