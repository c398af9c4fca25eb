package io.imagegate.support;

import io.imagegate.testing.Db;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@QuarkusTest
class PipelinedLaneTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** What one batch's reads saw: its items, the Postgres backend that ran them, and the lane's rows already committed. */
    record Read(List<String> items, int backend, long committedBefore) {
    }

    @Inject
    Pool pool;

    @Inject
    @ReactiveDataSource("commits")
    Pool commits;

    private final String prefix = UUID.randomUUID() + "-";
    private final List<Read> reads = new CopyOnWriteArrayList<>();
    /** In order: when a batch's reads were issued, and when a batch's commit was answered. */
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void probeTable() {
        Db.execute(pool, "CREATE TABLE IF NOT EXISTS lane_probe (id text PRIMARY KEY, n int)");
    }

    @Test
    void aBatchsWriteCommitsWithItsReads() {
        PipelinedLane<String, List<Outcome<Integer>>, Integer> lane = lane(items -> Transactions.Write.of(
                "INSERT INTO lane_probe (id) SELECT unnest($1::text[])", Tuple.of(items.toArray(String[]::new)),
                rows -> rows.rowCount()));

        assertThat(lane.submit(prefix + "a").await().atMost(TIMEOUT)).isEqualTo(1);
        assertThat(written()).isEqualTo(1);
    }

    @Test
    void itemsQueuedDuringATransactionLeaveTogetherBehindItsCommitOnTheSameConnection() {
        PipelinedLane<String, List<Outcome<Integer>>, Integer> lane = lane(items -> Transactions.Write.of(
                "INSERT INTO lane_probe (id) SELECT unnest($1::text[])", Tuple.of(items.toArray(String[]::new)),
                rows -> rows.rowCount()));

        List<UniAssertSubscriber<Integer>> results = submitAll(lane, "slow", "b", "c", "d");
        results.forEach(r -> r.awaitItem(TIMEOUT));

        assertThat(reads).extracting(Read::items).containsExactly(List.of(prefix + "slow"),
                List.of(prefix + "b", prefix + "c", prefix + "d"));
        assertThat(reads.get(1).backend()).isEqualTo(reads.get(0).backend());
        assertThat(reads.get(1).committedBefore()).as("the second batch read after the first committed").isEqualTo(1);
        assertThat(events).as("the second batch's reads went out before the first batch's commit was answered")
                .containsExactly("reads 1", "reads 3", "committed", "committed");
        assertThat(results).extracting(UniAssertSubscriber::getItem).containsExactly(1, 3, 3, 3);
        assertThat(written()).isEqualTo(4);
    }

    @Test
    void aWriteThatFailsInPostgresFailsItsBatchOnlyAndTheNextCommitsBehindIt() {
        PipelinedLane<String, List<Outcome<Integer>>, Integer> lane = lane(items -> Transactions.Write.of(
                "INSERT INTO lane_probe (id) SELECT unnest($1::text[]) UNION ALL SELECT $2 WHERE $3",
                Tuple.of(items.toArray(String[]::new), items.get(0), items.get(0).endsWith("slow")),
                rows -> rows.rowCount()));

        List<UniAssertSubscriber<Integer>> results = submitAll(lane, "slow", "b");

        results.get(0).awaitFailure(TIMEOUT).assertFailedWith(PgException.class, "duplicate key");
        results.get(1).awaitItem(TIMEOUT).assertItem(1);
        assertThat(reads).hasSize(2);
        assertThat(Db.count(pool, "SELECT count(*) FROM lane_probe WHERE id = $1", prefix + "slow")).isZero();
        assertThat(Db.count(pool, "SELECT count(*) FROM lane_probe WHERE id = $1", prefix + "b")).isEqualTo(1);
        assertNoTransactionLeftOpen();
    }

    @Test
    void aBatchPostgresRefusesForOneItemsDataIsRetriedItemByItemSoOnlyThatItemFails() {
        PipelinedLane<String, List<Outcome<Integer>>, Integer> lane = lane(items -> Transactions.Write.of(
                "INSERT INTO lane_probe (id) SELECT unnest($1::text[])", Tuple.of(items.toArray(String[]::new)),
                rows -> rows.rowCount()));

        List<UniAssertSubscriber<Integer>> results = submitAll(lane, "slow", "b", "c\u0000", "d");

        results.get(0).awaitItem(TIMEOUT).assertItem(1);
        results.get(1).awaitItem(TIMEOUT).assertItem(1);
        results.get(2).awaitFailure(TIMEOUT).assertFailedWith(PgException.class);
        results.get(3).awaitItem(TIMEOUT).assertItem(1);
        assertThat(reads).extracting(Read::items).containsExactly(List.of(prefix + "slow"),
                List.of(prefix + "b", prefix + "c\u0000", prefix + "d"),
                List.of(prefix + "b"), List.of(prefix + "c\u0000"), List.of(prefix + "d"));
        assertThat(written()).isEqualTo(3);
        assertNoTransactionLeftOpen();
    }

    @Test
    void aWriteTheClientCannotEncodeWritesNothingAndTheLaneCarriesOn() {
        PipelinedLane<String, List<Outcome<Integer>>, Integer> lane = lane(items -> Transactions.Write.of(
                "INSERT INTO lane_probe (id) SELECT $1 WHERE $2::int > 0",
                Tuple.of(items.get(0), items.get(0).endsWith("bad") ? "not a number" : 1), rows -> rows.rowCount()));

        Uni<Integer> failing = lane.submit(prefix + "bad");
        assertThatThrownBy(() -> failing.await().atMost(TIMEOUT)).hasMessageContaining("coerced");

        assertThat(lane.submit(prefix + "good").await().atMost(TIMEOUT)).isEqualTo(1);
        assertThat(Db.count(pool, "SELECT count(*) FROM lane_probe WHERE id = $1", prefix + "bad")).isZero();
        assertNoTransactionLeftOpen();
    }

    @Test
    void failingReadsFailTheirBatchAndTheLaneCarriesOn() {
        PipelinedLane<String, List<Outcome<Integer>>, Integer> lane = new PipelinedLane<>(commits, 100,
                (tx, items) -> tx.preparedQuery("SELECT 1 / $1").execute(Tuple.of(items.get(0).endsWith("bad") ? 0 : 1))
                        .map(rows -> Transactions.Write.of("INSERT INTO lane_probe (id) VALUES ($1)", Tuple.of(items.get(0)),
                                inserted -> eachGets(items, inserted.rowCount()))),
                Function.identity());

        Uni<Integer> failing = lane.submit(prefix + "bad");
        assertThatThrownBy(() -> failing.await().atMost(TIMEOUT))
                .hasMessageContaining("division by zero");

        assertThat(lane.submit(prefix + "good").await().atMost(TIMEOUT)).isEqualTo(1);
        assertThat(written()).isEqualTo(1);
        assertNoTransactionLeftOpen();
    }

    @Test
    void nothingToWriteStillEndsTheTransaction() {
        PipelinedLane<String, List<Outcome<Integer>>, Integer> lane = lane(items -> Transactions.Write.nothing(items.size()));

        List<UniAssertSubscriber<Integer>> results = submitAll(lane, "slow", "b", "c");
        results.forEach(r -> r.awaitItem(TIMEOUT));

        assertThat(results).extracting(UniAssertSubscriber::getItem).containsExactly(1, 2, 2);
        assertThat(written()).isZero();
        assertNoTransactionLeftOpen();
    }

    /**
     * A lane whose reads note what they saw (an item ending in "slow" makes them take 300 ms, so that later items
     * queue) and whose batches write what {@code write} makes of their items; every item gets the write's result.
     * {@link #events} records when reads are issued and when commits are answered.
     */
    private PipelinedLane<String, List<Outcome<Integer>>, Integer> lane(Function<List<String>, Transactions.Write<Integer>> write) {
        return new PipelinedLane<>(commits, 100, (tx, items) -> readAndNote(tx, items, write), outcomes -> {
            events.add("committed");
            return outcomes;
        });
    }

    private Uni<Transactions.Write<List<Outcome<Integer>>>> readAndNote(SqlConnection tx, List<String> items,
                                                                        Function<List<String>, Transactions.Write<Integer>> write) {
        events.add("reads " + items.size());
        return tx.preparedQuery("""
                        SELECT pg_backend_pid(), (SELECT count(*) FROM lane_probe WHERE starts_with(id, $1))
                        FROM pg_sleep($2)""")
                .execute(Tuple.of(prefix, items.get(0).endsWith("slow") ? 0.3 : 0.0))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    reads.add(new Read(items, row.getInteger(0), row.getLong(1)));
                    return write.apply(items).map(result -> eachGets(items, result));
                });
    }

    private static List<Outcome<Integer>> eachGets(List<String> items, int result) {
        return items.stream().map(ignored -> Outcome.ok(result)).toList();
    }

    private List<UniAssertSubscriber<Integer>> submitAll(PipelinedLane<String, List<Outcome<Integer>>, Integer> lane, String... items) {
        return Arrays.stream(items)
                .map(item -> lane.submit(prefix + item).subscribe().withSubscriber(UniAssertSubscriber.<Integer>create()))
                .toList();
    }

    private long written() {
        return Db.count(pool, "SELECT count(*) FROM lane_probe WHERE starts_with(id, $1)", prefix);
    }

    private void assertNoTransactionLeftOpen() {
        assertThat(Db.count(pool, "SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%' AND datname = current_database()"))
                .isZero();
    }
}
