package io.imagegate.testing;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** Direct reads of the test database, for checking what was (or was not) written. */
public final class Db {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Db() {
    }

    public static long count(Pool pool, String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).await().atMost(TIMEOUT)
                .iterator().next().getLong(0);
    }

    public static List<Row> rows(Pool pool, String sql, Object... params) {
        List<Row> out = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().atMost(TIMEOUT).forEach(out::add);
        return out;
    }

    public static void execute(Pool pool, String sql, Object... params) {
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().atMost(TIMEOUT);
    }

    /** Waits up to five seconds for the task's events to leave the outbox (Redis took them). */
    /**
     * What a replica's claim leaves on a task: in progress under {@code owner}'s {@code attempt}, its lease ending
     * {@code leaseSeconds} from now (negative: already lapsed, as when the replica died).
     */
    public static void holdInProgress(Pool pool, String taskId, String owner, int attempt, int leaseSeconds) {
        execute(pool, "UPDATE tasks SET status = 'in_progress', owner = $2, attempt = $3, "
                + "lease_until = now() + make_interval(secs => $4) WHERE id = $1", taskId, owner, attempt, leaseSeconds);
    }

    public static boolean outboxEmptiedOf(Pool pool, String taskId) throws InterruptedException {
        try {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> count(pool, "SELECT count(*) FROM task_events WHERE task_id = $1", taskId) == 0);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /**
     * Accounts whose cached balance and reserve disagree with their ledger, or whose reserve is not the sum
     * of their unfinished tasks' holds, or that have a task settled more or less than once. Empty when sound.
     */
    public static List<String> ledgerViolations(Pool pool) {
        List<String> violations = new ArrayList<>();
        rows(pool, """
                SELECT a.id FROM accounts a
                LEFT JOIN (SELECT account_id, sum(amount) AS total, sum(hold) AS held FROM ledger_entries
                           GROUP BY account_id) l ON l.account_id = a.id
                WHERE a.balance + a.reserved <> coalesce(l.total, 0) OR a.reserved <> coalesce(l.held, 0)
                   OR a.balance < 0""").forEach(r -> violations.add("ledger mismatch: " + r.getString(0)));
        rows(pool, """
                SELECT a.id FROM accounts a
                LEFT JOIN (SELECT account_id, sum(credits_reserved) AS held FROM tasks
                           WHERE status IN ('pending', 'in_progress') GROUP BY account_id) t ON t.account_id = a.id
                WHERE a.reserved <> coalesce(t.held, 0)""").forEach(r -> violations.add("reserve mismatch: " + r.getString(0)));
        rows(pool, """
                SELECT t.id FROM tasks t
                WHERE t.credits_reserved > 0 AND (
                      (SELECT count(*) FROM ledger_entries e WHERE e.task_id = t.id AND e.kind = 'reserve') <> 1
                   OR (SELECT count(*) FROM ledger_entries e WHERE e.task_id = t.id AND e.kind IN ('capture', 'release'))
                      <> CASE WHEN t.status IN ('completed', 'failed', 'canceled') THEN 1 ELSE 0 END
                   OR (t.status = 'completed' AND t.credits_consumed > 0)
                      <> EXISTS (SELECT 1 FROM ledger_entries e WHERE e.task_id = t.id AND e.kind = 'capture'
                                 AND e.amount = -t.credits_consumed))
                """).forEach(r -> violations.add("task settled wrongly: " + r.getString(0)));
        return violations;
    }

    /**
     * Upstream keys whose images in flight, as claims and submissions read them, differ from the images of their
     * running tasks; read in one statement, so in one snapshot. Empty when sound.
     */
    public static List<String> inFlightViolations(Pool pool) {
        List<String> violations = new ArrayList<>();
        rows(pool, """
                SELECT upstream_key, coalesce(f.images, 0) AS recorded, coalesce(t.images, 0) AS running
                FROM (SELECT upstream_key, sum(images) AS images FROM in_flight_images GROUP BY upstream_key) f
                FULL JOIN (SELECT upstream_key, sum(num_images) AS images FROM tasks
                           WHERE status = 'in_progress' AND upstream_key IS NOT NULL GROUP BY upstream_key) t
                     USING (upstream_key)
                WHERE coalesce(f.images, 0) <> coalesce(t.images, 0)""")
                .forEach(r -> violations.add(r.getString(0) + ": " + r.getLong(1) + " recorded, " + r.getLong(2) + " running"));
        return violations;
    }
}
