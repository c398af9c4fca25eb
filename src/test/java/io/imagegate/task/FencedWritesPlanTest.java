package io.imagegate.task;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writes that end, hand back, renew or cancel a task look it up by primary key however stale the statistics
 * are. The case that went wrong: the table was analyzed while no task was in progress, then 10,000 were in
 * flight, and every finish batch read all of them through a partial index the planner believed empty. Each plan
 * is taken on a temporary copy of {@code tasks} (same indexes and constraints; it hides the real table on this
 * connection), in both plan modes: the commits pool forces generic plans, the main pool lets Postgres choose.
 */
@QuarkusTest
class FencedWritesPlanTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    private SqlConnection connection;

    @BeforeEach
    void tasksAnalyzedWithNoneUnfinishedThenThousandsStartedAndQueued() {
        connection = pool.getConnection().await().atMost(TIMEOUT);
        run("CREATE TEMPORARY TABLE tasks (LIKE public.tasks INCLUDING ALL)");
        run(insertTasks("done", "'completed'", "NULL", 20_000));
        run("ANALYZE tasks");
        run(insertTasks("running", "'in_progress'", "'replica-a'", 5_000));
        run(insertTasks("waiting", "'pending'", "NULL", 5_000));
    }

    @AfterEach
    void dropTheCopy() {
        run("DROP TABLE pg_temp.tasks");
        run("RESET plan_cache_mode");
        connection.close().await().atMost(TIMEOUT);
    }

    @ParameterizedTest
    @CsvSource({"force_generic_plan", "force_custom_plan"})
    void aFinishBatchReadsItsTasksByPrimaryKey(String mode) {
        assertOnlyPrimaryKeyLookups(mode, TaskRepository.END_ATTEMPTS, """
                ARRAY['running-1', 'running-2'], ARRAY['replica-a', 'replica-a'], ARRAY[1, 1],
                ARRAY['completed', 'failed'], ARRAY['{}', NULL], ARRAY[NULL, '{}'], ARRAY[1, 0]""");
    }

    @ParameterizedTest
    @CsvSource({"force_generic_plan", "force_custom_plan"})
    void aHandBackReadsItsTaskByPrimaryKey(String mode) {
        assertOnlyPrimaryKeyLookups(mode, TaskRepository.HAND_BACK, "'running-1', 'replica-a', 1, NULL");
    }

    @ParameterizedTest
    @CsvSource({"force_generic_plan", "force_custom_plan"})
    void aLeaseRenewalReadsItsTasksByPrimaryKey(String mode) {
        assertOnlyPrimaryKeyLookups(mode, TaskRepository.RENEW_LEASES, "ARRAY['running-1', 'running-2'], 'replica-a', 60");
    }

    @ParameterizedTest
    @CsvSource({"force_generic_plan", "force_custom_plan"})
    void theCheckForTasksTakenOverReadsThemByPrimaryKey(String mode) {
        assertOnlyPrimaryKeyLookups(mode, TaskRepository.TAKEN_FROM, "ARRAY['running-1', 'running-2'], 'replica-a'");
    }

    @ParameterizedTest
    @CsvSource({"force_generic_plan", "force_custom_plan"})
    void aCancellationReadsItsTaskByPrimaryKey(String mode) {
        assertOnlyPrimaryKeyLookups(mode, TaskRepository.CANCEL, "'waiting-1', 'acct'");
    }

    private void assertOnlyPrimaryKeyLookups(String mode, String statement, String arguments) {
        run("SET plan_cache_mode = " + mode);
        run("PREPARE fenced AS " + statement);
        JsonObject plan;
        try {
            plan = connection.query("EXPLAIN (FORMAT JSON) EXECUTE fenced(" + arguments + ")").execute()
                    .await().atMost(TIMEOUT).iterator().next().getJsonArray(0).getJsonObject(0).getJsonObject("Plan");
        } finally {
            run("DEALLOCATE fenced");
        }
        List<String> readsOfTasks = new ArrayList<>();
        collectReadsOf("tasks", plan, readsOfTasks);

        assertThat(readsOfTasks).as(plan.encodePrettily()).isNotEmpty().allMatch("Index Scan of tasks_pkey"::equals);
    }

    private static void collectReadsOf(String table, JsonObject node, List<String> reads) {
        if (table.equals(node.getString("Relation Name")) && !node.getString("Node Type").equals("ModifyTable")) {
            reads.add(node.getString("Node Type") + " of " + node.getString("Index Name"));
        }
        JsonArray children = node.getJsonArray("Plans", new JsonArray());
        for (int i = 0; i < children.size(); i++) {
            collectReadsOf(table, children.getJsonObject(i), reads);
        }
    }

    private static String insertTasks(String prefix, String status, String owner, int count) {
        return """
                INSERT INTO tasks (id, account_id, api_key_id, model, operation, status, input, num_images,
                                   credits_reserved, owner, attempt, upstream_key, lease_until)
                SELECT '%s-' || g, 'acct', 'key', 'sandbox-image', 'generate', %s, '{}', 1, 0, %s, 1, 'sandbox',
                       CASE WHEN %s = 'in_progress' THEN now() + interval '1 minute' END
                FROM generate_series(1, %d) g""".formatted(prefix, status, owner, status, count);
    }

    private void run(String sql) {
        connection.query(sql).execute().await().atMost(TIMEOUT);
    }
}
