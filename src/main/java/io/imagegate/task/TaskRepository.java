package io.imagegate.task;

import io.imagegate.account.AccountRepository;
import io.imagegate.account.Ledger;
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

    /** The count of account {@code a}'s tasks pending or in progress, for {@link AccountRepository#concurrencyRoom}. */
    static final String ACTIVE_TASKS_OF_A =
            "SELECT count(*) FROM tasks t WHERE t.account_id = a.id AND t.status IN ('pending', 'in_progress')";

    /** Whether the task whose id is {@code taskId} (a column) failed or was canceled, as a condition. */
    static String endedWithoutResult(String taskId) {
        return "EXISTS (SELECT 1 FROM tasks t WHERE t.id = " + taskId + " AND t.status IN ('failed', 'canceled'))";
    }

    private final Pool pool;

    private static final String TERMINAL_TAIL = " RETURNING " + Task.T_COLUMNS;

    /**
     * The oldest eligible tasks, as many as fit in the key's free images ($4 minus what is in flight on it):
     * rows are capped at the free images (a task has at least one), then cut where the running image count
     * would exceed them.
     */
    private static final String CLAIM = """
            WITH free AS (SELECT $4 - images_in_flight($3) AS images),
                 candidates AS (SELECT id, num_images, created_at FROM tasks
                                WHERE status = 'pending' AND model = $1 AND NOT ($2 = ANY(avoid_routes))
                                      AND created_at <= $6
                                ORDER BY created_at
                                LIMIT greatest(0, least($5, (SELECT images FROM free)))
                                FOR UPDATE SKIP LOCKED),
                 picked AS (SELECT id FROM (SELECT id, sum(num_images) OVER (ORDER BY created_at, id) AS images
                                            FROM candidates) c
                            WHERE images <= (SELECT images FROM free))
            UPDATE tasks t SET status = 'in_progress', owner = $7, attempt = attempt + 1,
                   provider = $8, route_id = $2, upstream_key = $3,
                   lease_until = now() + make_interval(secs => $9),
                   started_at = coalesce(started_at, now())
            FROM picked WHERE t.id = picked.id""" + TERMINAL_TAIL;

    /*
     * The writes below find their tasks by primary key and never test status as a literal beside it: status =
     * 'in_progress' (or 'pending') matches a partial index of all such tasks, and whenever the statistics said
     * there were none (after a quiet spell, until the next ANALYZE) the planner read that whole index instead of
     * the primary key, once per statement. The fenced ones rely on owner and attempt instead: a task has an owner
     * exactly while it is in progress (constraint tasks_owner_while_in_progress). FencedWritesPlanTest keeps
     * them all on the primary key.
     */

    /**
     * Ends a batch of attempts: $1–$7 are arrays of task id, owner, attempt, terminal status, output, error and images
     * delivered. A completed task consumes its reservation's share for the images it delivered.
     */
    static final String END_ATTEMPTS = """
            UPDATE tasks t SET status = d.status, output = d.output::jsonb, error = d.error::jsonb,
                   completed_at = now(), owner = NULL, lease_until = NULL,
                   images_delivered = least(d.delivered, t.num_images),
                   credits_consumed = CASE WHEN d.status = 'completed'
                                           THEN t.credits_reserved * least(d.delivered, t.num_images) / greatest(t.num_images, 1)
                                           ELSE 0 END
            FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::int[])
                 AS d(id, owner, attempt, status, output, error, delivered)
            WHERE t.id = d.id AND t.owner = d.owner AND t.attempt = d.attempt""" + TERMINAL_TAIL;

    /** Gives task $1 back to the queue if attempt $3 of owner $2 still holds it; $4 is a route to avoid, or null. */
    static final String HAND_BACK = """
            UPDATE tasks SET status = 'pending', owner = NULL, lease_until = NULL, route_id = NULL,
                   upstream_key = NULL,
                   avoid_routes = CASE WHEN $4::text IS NULL THEN avoid_routes ELSE array_append(avoid_routes, $4) END
            WHERE id = $1 AND owner = $2 AND attempt = $3""";

    /** Extends by $3 seconds the leases of the tasks among $1 that owner $2 still runs and nobody has locked. */
    static final String RENEW_LEASES = """
            UPDATE tasks SET lease_until = now() + make_interval(secs => $3)
            WHERE id IN (SELECT id FROM tasks WHERE id = ANY($1) AND owner = $2 FOR UPDATE SKIP LOCKED)
            RETURNING id""";

    /** Of the tasks among $1, those another owner holds now or that have ended: owner $2's work on them is over. */
    static final String TAKEN_FROM = """
            SELECT id FROM tasks WHERE id = ANY($1) AND (owner <> $2 OR status IN ('completed', 'failed', 'canceled'))""";

    /**
     * Cancels task $1 of account $2 if it is pending. The row is locked by primary key first and its status read
     * from that locked version, for the reason above: a pending backlog is a partial index too.
     */
    static final String CANCEL = """
            WITH current AS MATERIALIZED (SELECT id, status FROM tasks WHERE id = $1 AND account_id = $2 FOR UPDATE)
            UPDATE tasks t SET status = 'canceled', completed_at = now()
            FROM current WHERE t.id = current.id AND current.status = 'pending'""" + TERMINAL_TAIL;

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
            holds AS (""" + Ledger.HOLDS_FOR_INSERTED + """
            ),
            reserved AS (""" + AccountRepository.RESERVE_FOR_INSERTED + """
            ),
            remembered AS (""" + IdempotencyRepository.REMEMBER_ANSWERS_16_TO_20 + """
            )
            SELECT\s""" + Task.columns("inserted") + " FROM inserted WHERE status = 'in_progress'";


    /**
     * Under a transaction-scoped lock on the upstream key (so replicas share one budget), claims up to {@code batch}
     * pending tasks of the model for the route, as many images as the key has free; BEGIN, the lock and the claim
     * travel together, and the claim reads the key's in-flight count after the lock is held.
     */
    Uni<List<Task>> claim(SqlClient tx, String modelId, String routeId, String keyId, int budget, int batch,
                          Instant acceptedBy, String owner, String provider, double leaseSeconds) {
        return Uni.combine().all()
                .unis(tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1))").execute(Tuple.of(keyId)),
                        tx.preparedQuery(CLAIM).execute(Tuple.from(Arrays.asList(modelId, routeId, keyId, budget, batch,
                                acceptedBy.atOffset(ZoneOffset.UTC), owner, provider, leaseSeconds))))
                .with((locked, rows) -> all(rows));
    }

    /** Ends the attempts of a batch that still own their tasks; the result is the tasks that ended. */
    Uni<List<Task>> endAttempts(SqlClient tx, List<Finish> batch) {
        int n = batch.size();
        String[] ids = new String[n], owners = new String[n], statuses = new String[n], outputs = new String[n],
                errors = new String[n];
        Integer[] attempts = new Integer[n], delivered = new Integer[n];
        for (int i = 0; i < n; i++) {
            Finish f = batch.get(i);
            ids[i] = f.taskId();
            owners[i] = f.owner();
            attempts[i] = f.attempt();
            statuses[i] = (f.completed() ? TaskStatus.COMPLETED : TaskStatus.FAILED).wire();
            outputs[i] = f.outputJson();
            errors[i] = f.errorJson();
            delivered[i] = f.imagesDelivered();
        }
        return tx.preparedQuery(END_ATTEMPTS)
                .execute(Tuple.of(ids, owners, attempts, statuses, outputs).addArrayOfString(errors)
                        .addArrayOfInteger(delivered))
                .map(TaskRepository::all);
    }

    Uni<Boolean> handBack(String taskId, String owner, int attempt, String avoidRoute) {
        return pool.preparedQuery(HAND_BACK)
                .execute(Tuple.of(taskId, owner, attempt, avoidRoute))
                .map(rows -> rows.rowCount() == 1);
    }

    Uni<Set<String>> renewLeases(List<String> ids, String owner, double leaseSeconds) {
        return pool.preparedQuery(RENEW_LEASES)
                .execute(Tuple.of(ids.toArray(String[]::new), owner, leaseSeconds))
                .map(TaskRepository::firstColumn);
    }

    Uni<Set<String>> takenFrom(List<String> ids, String owner) {
        return pool.preparedQuery(TAKEN_FROM).execute(Tuple.of(ids.toArray(String[]::new), owner))
                .map(TaskRepository::firstColumn);
    }

    /** Cancels the account's task if it is pending; the result is the task it canceled, if any. */
    Uni<List<Task>> cancel(SqlClient tx, String accountId, String taskId) {
        return tx.preparedQuery(CANCEL).execute(Tuple.of(taskId, accountId)).map(TaskRepository::all);
    }

    /** Tasks whose lease lapsed and that have attempts left go back to pending (500 at a time); how many did. */
    Uni<Integer> requeueExpired(int maxAttempts) {
        return pool.preparedQuery("""
                        UPDATE tasks SET status = 'pending', owner = NULL, lease_until = NULL, route_id = NULL,
                               upstream_key = NULL
                        WHERE id IN (SELECT id FROM tasks WHERE status = 'in_progress' AND lease_until < now()
                                     AND attempt < $1 ORDER BY lease_until LIMIT 500 FOR UPDATE SKIP LOCKED)
                        RETURNING id""")
                .execute(Tuple.of(maxAttempts))
                .map(RowSet::rowCount);
    }

    /** The attempt that holds each task whose lease lapsed after its last allowed attempt (500 at a time). */
    Uni<List<Attempt>> expiredAndExhausted(int maxAttempts) {
        return pool.preparedQuery("""
                        SELECT id, owner, attempt FROM tasks WHERE status = 'in_progress' AND lease_until < now()
                        AND attempt >= $1 ORDER BY lease_until LIMIT 500""")
                .execute(Tuple.of(maxAttempts))
                .map(rows -> {
                    List<Attempt> attempts = new ArrayList<>();
                    rows.forEach(row -> attempts.add(new Attempt(row.getString(0), row.getString(1), row.getInteger(2))));
                    return attempts;
                });
    }

    /** One attempt at a task: the fence every write of a running task checks. */
    record Attempt(String taskId, String owner, int attempt) {
    }

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


    Uni<TaskBacklog> backlog() {
        return pool.query("""
                        SELECT 'pending' AS kind, NULL AS name, (SELECT count(*) FROM tasks WHERE status = 'pending') AS n
                        UNION ALL SELECT 'oldest', NULL, (SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)::bigint
                                                          FROM tasks WHERE status = 'pending')
                        UNION ALL SELECT 'route', route_id, sum(num_images) FROM tasks
                                  WHERE status = 'in_progress' AND route_id IS NOT NULL GROUP BY route_id
                        UNION ALL SELECT 'key', upstream_key, sum(num_images) FROM tasks
                                  WHERE status = 'in_progress' AND upstream_key IS NOT NULL GROUP BY upstream_key""")
                .execute()
                .map(rows -> {
                    long pending = 0, oldest = 0;
                    Map<String, Long> byRoute = new HashMap<>(), byKey = new HashMap<>();
                    for (Row row : rows) {
                        long n = row.getLong("n");
                        switch (row.getString("kind")) {
                            case "pending" -> pending = n;
                            case "oldest" -> oldest = n;
                            case "route" -> byRoute.put(row.getString("name"), n);
                            default -> byKey.put(row.getString("name"), n);
                        }
                    }
                    return new TaskBacklog(pending, oldest, byRoute, byKey);
                });
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
