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

    /** For the accept statement: remembers the answers given in parameters $16 to $20 for their keys. */
    static final String REMEMBER_ANSWERS_16_TO_20 = """
            INSERT INTO idempotency_keys (api_key_id, key, request_hash, task_id, response)
            SELECT api_key_id, key, request_hash, task_id, response::jsonb
            FROM unnest($16::text[], $17::text[], $18::bytea[], $19::text[], $20::text[])
                 AS n(api_key_id, key, request_hash, task_id, response)
            ON CONFLICT (api_key_id, key) DO UPDATE
                SET request_hash = excluded.request_hash, task_id = excluded.task_id,
                    response = excluded.response, created_at = now()""";

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

    /** Forgets the key's answer, so the next request with it is new work. */
    Uni<Void> forget(Key key) {
        return pool.preparedQuery("DELETE FROM idempotency_keys WHERE api_key_id = $1 AND key = $2")
                .execute(Tuple.of(key.apiKeyId(), key.key())).replaceWithVoid();
    }

    /** Forgets the key's answer if the task it started failed or was canceled, so a retry starts new work. */
    Uni<Void> forgetIfItsTaskFailed(Key key) {
        return pool.preparedQuery("""
                        DELETE FROM idempotency_keys i WHERE i.api_key_id = $1 AND i.key = $2 AND\s"""
                        + TaskRepository.endedWithoutResult("i.task_id"))
                .execute(Tuple.of(key.apiKeyId(), key.key())).replaceWithVoid();
    }

    Uni<Integer> prune(Duration retention) {
        return pool.preparedQuery("DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) retention.toSeconds()))
                .map(rows -> rows.rowCount());
    }
}
