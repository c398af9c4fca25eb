package io.imagegate.task;

import io.imagegate.support.Transactions;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

@ApplicationScoped
class TaskRepository {

    private final Pool pool;

    TaskRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Writes accepted tasks, pending or in progress on the slot {@code startedIn} gives them (leased to its owner,
     * first attempt), with their credit holds and the idempotency answers to remember: one statement, so that it
     * can travel with COMMIT ({@link io.imagegate.support.PipelinedLane}). The accounts must be locked and their balances
     * checked. Its result is the tasks that started.
     */
    Transactions.Write<List<Task>> accept(List<NewTask> tasks, Map<String, StartSlot> startedIn, double leaseSeconds,
                                          List<IdempotencyRepository.Answer> answers) {
        int n = tasks.size();
        String[] ids = new String[n], accounts = new String[n], keys = new String[n], models = new String[n],
                operations = new String[n], inputs = new String[n], callbacks = new String[n], owners = new String[n],
                providers = new String[n], routes = new String[n], upstreamKeys = new String[n];
        Integer[] images = new Integer[n];
        Long[] credits = new Long[n];
        OffsetDateTime[] created = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            NewTask t = tasks.get(i);
            ids[i] = t.id();
            accounts[i] = t.caller().accountId();
            keys[i] = t.caller().keyId();
            models[i] = t.request().model().id();
            operations[i] = t.request().operation().wire();
            inputs[i] = t.inputJson();
            images[i] = t.request().numImages();
            credits[i] = t.credits();
            callbacks[i] = t.request().callbackUrl();
            created[i] = t.createdAt().atOffset(ZoneOffset.UTC);
            StartSlot slot = startedIn.get(t.id());
            owners[i] = slot == null ? null : slot.owner();
            providers[i] = slot == null ? null : slot.provider();
            routes[i] = slot == null ? null : slot.routeId();
            upstreamKeys[i] = slot == null ? null : slot.keyId();
        }
        List<Object> arguments = new ArrayList<>(Arrays.asList(ids, accounts, keys, models, operations, inputs, images,
                credits, callbacks, created, owners, providers, routes, upstreamKeys, leaseSeconds));
        arguments.addAll(List.of(answers.stream().map(a -> a.key().apiKeyId()).toArray(String[]::new),
                answers.stream().map(a -> a.key().key()).toArray(String[]::new),
                answers.stream().map(a -> Buffer.buffer(a.requestHash())).toArray(Buffer[]::new),
                answers.stream().map(IdempotencyRepository.Answer::taskId).toArray(String[]::new),
                answers.stream().map(IdempotencyRepository.Answer::responseJson).toArray(String[]::new)));
        return Transactions.Write.of(ACCEPT, Tuple.from(arguments), TaskRepository::all);
    }

    private static final String ACCEPT = """
            WITH inserted AS (
                INSERT INTO tasks (id, account_id, api_key_id, model, operation, status, input, num_images,
                                   credits_reserved, callback_url, created_at, owner, attempt, provider,
                                   route_id, upstream_key, lease_until, started_at)
                SELECT id, account_id, api_key_id, model, operation,
                       CASE WHEN upstream_key IS NULL THEN 'pending' ELSE 'in_progress' END,
                       input::jsonb, num_images, credits, callback_url, created_at, owner,
                       CASE WHEN upstream_key IS NULL THEN 0 ELSE 1 END, provider, route_id, upstream_key,
                       CASE WHEN upstream_key IS NULL THEN NULL ELSE now() + make_interval(secs => $15) END,
                       CASE WHEN upstream_key IS NULL THEN NULL ELSE now() END
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[],
                            $8::bigint[], $9::text[], $10::timestamptz[], $11::text[], $12::text[],
                            $13::text[], $14::text[])
                     AS n(id, account_id, api_key_id, model, operation, input, num_images, credits,
                          callback_url, created_at, owner, provider, route_id, upstream_key)
                RETURNING *),
            holds AS (
                INSERT INTO ledger_entries (account_id, task_id, kind, amount, hold)
                SELECT account_id, id, 'reserve', 0, credits_reserved FROM inserted WHERE credits_reserved > 0),
            reserved AS (
                UPDATE accounts a SET balance = a.balance - h.credits, reserved = a.reserved + h.credits, updated_at = now()
                FROM (SELECT account_id, sum(credits_reserved) AS credits FROM inserted WHERE credits_reserved > 0
                      GROUP BY account_id) h
                WHERE a.id = h.account_id),
            remembered AS (
                INSERT INTO idempotency_keys (api_key_id, key, request_hash, task_id, response)
                SELECT api_key_id, key, request_hash, task_id, response::jsonb
                FROM unnest($16::text[], $17::text[], $18::bytea[], $19::text[], $20::text[])
                     AS n(api_key_id, key, request_hash, task_id, response)
                ON CONFLICT (api_key_id, key) DO UPDATE
                    SET request_hash = excluded.request_hash, task_id = excluded.task_id,
                        response = excluded.response, created_at = now())
            SELECT\s""" + Task.columns("inserted") + " FROM inserted WHERE status = 'in_progress'";

    /**
     * The keys among these whose transaction-scoped lock this transaction got without waiting, each with the
     * images in progress on it. A key's count is read only once its lock is held, and after it
     * ({@code images_in_flight} is volatile: its reads see what was committed before they ran).
     */
    Uni<Map<String, Long>> tryLockKeys(SqlClient tx, List<String> keys) {
        return tx.preparedQuery("SELECT k.id, images_in_flight(k.id) FROM unnest($1::text[]) AS k(id) "
                        + "WHERE pg_try_advisory_xact_lock(hashtext(k.id))")
                .execute(Tuple.of(keys.toArray(String[]::new)))
                .map(TaskRepository::countsByFirstColumn);
    }

    /** Which of these models have a task pending that was accepted by {@code acceptedBy}: one index probe each. */
    Uni<Set<String>> waitingModels(SqlClient client, Collection<String> models, Instant acceptedBy) {
        return client.preparedQuery("""
                        SELECT m.id FROM unnest($1::text[]) AS m(id)
                        WHERE EXISTS (SELECT 1 FROM tasks WHERE status = 'pending' AND model = m.id AND created_at <= $2)""")
                .execute(Tuple.of(models.toArray(String[]::new), acceptedBy.atOffset(ZoneOffset.UTC)))
                .map(TaskRepository::firstColumn);
    }

    private static Set<String> firstColumn(RowSet<Row> rows) {
        Set<String> values = new HashSet<>();
        rows.forEach(row -> values.add(row.getString(0)));
        return values;
    }

    /** Rows of (text, bigint) as a map. */
    private static Map<String, Long> countsByFirstColumn(RowSet<Row> rows) {
        Map<String, Long> counts = new HashMap<>();
        rows.forEach(row -> counts.put(row.getString(0), row.getLong(1)));
        return counts;
    }

    Uni<Optional<Task>> find(String accountId, String id) {
        return pool.preparedQuery("SELECT " + Task.COLUMNS + " FROM tasks WHERE id = $1 AND account_id = $2")
                .execute(Tuple.of(id, accountId))
                .map(TaskRepository::first);
    }

    Uni<Optional<Task>> find(String id) {
        return pool.preparedQuery("SELECT " + Task.COLUMNS + " FROM tasks WHERE id = $1")
                .execute(Tuple.of(id))
                .map(TaskRepository::first);
    }

    /** The caller's tasks after the cursor position, newest first. */
    Uni<List<Task>> list(String accountId, String status, String model, Cursor after, Instant from, Instant to,
                         int limit) {
        return pool.preparedQuery("SELECT " + Task.COLUMNS + """
                         FROM tasks
                        WHERE account_id = $1
                          AND ($2::text IS NULL OR status = $2)
                          AND ($3::text IS NULL OR model = $3)
                          AND ($4::timestamptz IS NULL OR (created_at, id) < ($4, $5))
                          AND ($6::timestamptz IS NULL OR created_at >= $6)
                          AND ($7::timestamptz IS NULL OR created_at < $7)
                        ORDER BY created_at DESC, id DESC
                        LIMIT $8""")
                .execute(Tuple.from(Arrays.asList(accountId, status, model,
                        after == null ? null : after.createdAt().atOffset(ZoneOffset.UTC),
                        after == null ? null : after.id(),
                        from == null ? null : from.atOffset(ZoneOffset.UTC),
                        to == null ? null : to.atOffset(ZoneOffset.UTC), limit)))
                .map(TaskRepository::all);
    }

    /** For accounts with a concurrency cap: how many more tasks they may have pending or in progress now. */
    Uni<Map<String, Long>> concurrencyRoom(SqlClient tx, List<String> accountIds) {
        return tx.preparedQuery("""
                        SELECT a.id, a.max_concurrent_tasks - (SELECT count(*) FROM tasks t WHERE t.account_id = a.id
                                                               AND t.status IN ('pending', 'in_progress'))
                        FROM accounts a WHERE a.id = ANY($1) AND a.max_concurrent_tasks IS NOT NULL""")
                .execute(Tuple.of(accountIds.toArray(String[]::new)))
                .map(TaskRepository::countsByFirstColumn);
    }

    /** Ids among {@code ids} whose task has ended. */
    Uni<Set<String>> terminalAmong(List<String> ids) {
        return pool.preparedQuery("""
                        SELECT id FROM tasks WHERE id = ANY($1) AND status IN ('completed', 'failed', 'canceled')""")
                .execute(Tuple.of(ids.toArray(String[]::new)))
                .map(TaskRepository::firstColumn);
    }

    static Optional<Task> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(Task.from(rows.iterator().next()));
    }

    static List<Task> all(RowSet<Row> rows) {
        List<Task> out = new ArrayList<>(rows.size());
        rows.forEach(row -> out.add(Task.from(row)));
        return out;
    }
}
