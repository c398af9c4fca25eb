package io.imagegate.task;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

@ApplicationScoped
class IdempotencyRepository {

    record Stored(byte[] requestHash, String responseJson) {
    }

    record Key(String apiKeyId, String key) {
    }

    private final Pool pool;

    IdempotencyRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stored answers for these keys. Callers hold the accounts' locks, so no other writer races them. */
    Uni<Map<Key, Stored>> find(SqlClient tx, List<Key> keys, Duration retention) {
        return tx.preparedQuery("""
                        SELECT api_key_id, key, request_hash, response::text FROM idempotency_keys
                        WHERE (api_key_id, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))
                          AND created_at >= now() - make_interval(secs => $3)""")
                .execute(Tuple.of(keys.stream().map(Key::apiKeyId).toArray(String[]::new),
                        keys.stream().map(Key::key).toArray(String[]::new), (double) retention.toSeconds()))
                .map(rows -> {
                    Map<Key, Stored> found = new HashMap<>();
                    for (Row row : rows) {
                        found.put(new Key(row.getString(0), row.getString(1)),
                                new Stored(row.getBuffer(2).getBytes(), row.getString(3)));
                    }
                    return found;
                });
    }

    /** A submission's answer, remembered for its key. */
    record Answer(Key key, byte[] requestHash, String taskId, String responseJson) {
    }

    Uni<Integer> prune(Duration retention) {
        return pool.preparedQuery("DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) retention.toSeconds()))
                .map(rows -> rows.rowCount());
    }
}
