package io.imagegate.webhook;

import io.imagegate.account.AccountRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The home of the {@code webhook_deliveries} and {@code webhook_attempts} tables. */
@ApplicationScoped
public class WebhookRepository {

    /** The callback status and attempts of the task whose id is {@code taskId} (a column or alias), as two columns. */
    public static String callbackColumns(String taskId) {
        return "(SELECT d.status FROM webhook_deliveries d WHERE d.task_id = " + taskId + ") AS callback_status, "
                + "(SELECT d.attempts FROM webhook_deliveries d WHERE d.task_id = " + taskId + ") AS callback_attempts";
    }

    private final Pool pool;

    WebhookRepository(Pool pool) {
        this.pool = pool;
    }

    Uni<Void> insert(SqlClient tx, List<WebhookOutbox.NewDelivery> drafts, List<String> messageIds, int maxAttempts) {
        return tx.preparedQuery("""
                        INSERT INTO webhook_deliveries (message_id, task_id, account_id, url, body, status, max_attempts)
                        SELECT message_id, task_id, account_id, url, body, 'pending', $6
                        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
                             AS d(message_id, task_id, account_id, url, body)""")
                .execute(Tuple.of(messageIds.toArray(String[]::new),
                        drafts.stream().map(WebhookOutbox.NewDelivery::taskId).toArray(String[]::new),
                        drafts.stream().map(WebhookOutbox.NewDelivery::accountId).toArray(String[]::new),
                        drafts.stream().map(WebhookOutbox.NewDelivery::url).toArray(String[]::new),
                        drafts.stream().map(WebhookOutbox.NewDelivery::body).toArray(String[]::new),
                        maxAttempts))
                .replaceWithVoid();
    }

    /** Takes due deliveries no live worker holds, for {@code leaseSeconds}. */
    Uni<List<Delivery>> claim(String owner, double leaseSeconds, int limit) {
        return pool.preparedQuery("""
                        UPDATE webhook_deliveries d SET owner = $1, lease_until = now() + make_interval(secs => $2)
                        WHERE d.id IN (SELECT id FROM webhook_deliveries
                                       WHERE status = 'pending' AND next_attempt_at <= now()
                                         AND (lease_until IS NULL OR lease_until < now())
                                       ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
                        RETURNING d.id, d.message_id, d.task_id, d.url, d.body, d.attempts, d.max_attempts,
                        """ + AccountRepository.signingSecretsOf("d.account_id"))
                .execute(Tuple.of(owner, leaseSeconds, limit))
                .map(rows -> {
                    List<Delivery> out = new ArrayList<>();
                    for (Row row : rows) {
                        List<String> secrets = row.getString(8) == null ? List.of(row.getString(7))
                                : List.of(row.getString(7), row.getString(8));
                        out.add(new Delivery(row.getLong(0), row.getString(1), row.getString(2), row.getString(3),
                                row.getString(4), row.getInteger(5), row.getInteger(6), secrets));
                    }
                    return out;
                });
    }

    /** Records an attempt and the delivery's next state, only if this owner still holds it. */
    Uni<Boolean> record(Delivery delivery, String owner, DeliveryStatus status, Instant nextAttemptAt, AttemptResult result) {
        return pool.preparedQuery("""
                        WITH updated AS (
                            UPDATE webhook_deliveries SET attempts = attempts + 1, status = $3, next_attempt_at = $4,
                                   owner = NULL, lease_until = NULL,
                                   delivered_at = CASE WHEN $3 = 'delivered' THEN now() END
                            WHERE id = $1 AND owner = $2 RETURNING id)
                        INSERT INTO webhook_attempts (delivery_id, attempted_at, duration_ms, status_code, error)
                        SELECT id, $5, $6, $7, $8 FROM updated""")
                .execute(Tuple.from(Arrays.asList(delivery.id(), owner, status.wire(), nextAttemptAt.atOffset(ZoneOffset.UTC),
                        Instant.ofEpochMilli(result.startedAtMillis()).atOffset(ZoneOffset.UTC), result.durationMillis(),
                        result.statusCode(), result.error())))
                .map(rows -> rows.rowCount() == 1);
    }

    Uni<Long> countPending() {
        return pool.query("SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    Uni<Optional<DeliveryView>> find(String accountId, String taskId) {
        return pool.preparedQuery("""
                        SELECT d.id, d.message_id, d.url, d.status, d.attempts, d.next_attempt_at, d.delivered_at,
                               coalesce(json_agg(json_build_object('attempted_at', a.attempted_at,
                                   'duration_ms', a.duration_ms, 'status_code', a.status_code, 'error', a.error)
                                   ORDER BY a.id) FILTER (WHERE a.id IS NOT NULL), '[]')::text AS attempt_list
                        FROM webhook_deliveries d LEFT JOIN webhook_attempts a ON a.delivery_id = d.id
                        WHERE d.task_id = $1 AND d.account_id = $2
                        GROUP BY d.id""")
                .execute(Tuple.of(taskId, accountId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    DeliveryStatus status = DeliveryStatus.fromWire(row.getString("status"));
                    return Optional.of(new DeliveryView(taskId, row.getString("message_id"), row.getString("url"),
                            status, row.getInteger("attempts"),
                            status == DeliveryStatus.PENDING ? instant(row, "next_attempt_at") : null,
                            instant(row, "delivered_at"), row.getString("attempt_list")));
                });
    }

    /** Makes a failed or disabled delivery due now for one more attempt; false if it is not in such a state. */
    Uni<Boolean> retry(String accountId, String taskId) {
        return pool.preparedQuery("""
                        UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now(),
                               max_attempts = attempts + 1
                        WHERE task_id = $1 AND account_id = $2 AND status IN ('failed', 'disabled')""")
                .execute(Tuple.of(taskId, accountId))
                .map(rows -> rows.rowCount() == 1);
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
