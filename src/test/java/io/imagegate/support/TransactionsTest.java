package io.imagegate.support;

import io.imagegate.testing.Db;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@QuarkusTest
class TransactionsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Inject
    @ReactiveDataSource("commits")
    Pool commits;

    @Inject
    Vertx vertx;

    @BeforeEach
    void probeTable() {
        Db.execute(pool, "CREATE TABLE IF NOT EXISTS transactions_probe (id text PRIMARY KEY)");
    }

    @Test
    void pipelinedStatementsCommitTogether() {
        String id = UUID.randomUUID().toString();
        Transactions.pipelined(commits, tx -> Uni.combine().all()
                        .unis(tx.preparedQuery("INSERT INTO transactions_probe VALUES ($1)").execute(Tuple.of(id)),
                                tx.preparedQuery("INSERT INTO transactions_probe VALUES ($1)").execute(Tuple.of(id + "-2")))
                        .discardItems())
                .await().atMost(TIMEOUT);

        assertThat(Db.count(pool, "SELECT count(*) FROM transactions_probe WHERE id IN ($1, $2)", id, id + "-2"))
                .isEqualTo(2);
    }

    @Test
    void aFailingStatementRollsBackTheOnesPipelinedWithIt() {
        String id = UUID.randomUUID().toString();
        Uni<Void> failing = Transactions.pipelined(commits, tx -> Uni.combine().all()
                .unis(tx.preparedQuery("INSERT INTO transactions_probe VALUES ($1)").execute(Tuple.of(id)),
                        tx.preparedQuery("SELECT 1 / 0").execute())
                .discardItems());

        assertThatThrownBy(() -> failing.await().atMost(TIMEOUT)).hasMessageContaining("division by zero");
        assertThat(Db.count(pool, "SELECT count(*) FROM transactions_probe WHERE id = $1", id)).isZero();
        // The connection went back to the pool outside any transaction: the next one works.
        assertThat(nextTransactionAnswers()).isEqualTo(1);
    }

    @Test
    void aStatementTheClientCannotEncodeRollsBackTheOnesSentBeforeIt() {
        String id = UUID.randomUUID().toString();
        Uni<Void> failing = Transactions.pipelined(commits, tx -> Uni.combine().all()
                .unis(tx.preparedQuery("INSERT INTO transactions_probe VALUES ($1)").execute(Tuple.of(id)),
                        tx.preparedQuery("SELECT $1::int").execute(Tuple.of("not a number")))
                .discardItems());

        assertThatThrownBy(() -> failing.await().atMost(TIMEOUT)).hasMessageContaining("coerced");
        assertThat(Db.count(pool, "SELECT count(*) FROM transactions_probe WHERE id = $1", id)).isZero();
    }

    @Test
    void statementsChainedOnEarlierResultsStayInTheTransaction() {
        String id = UUID.randomUUID().toString();
        Uni<Void> failing = Transactions.pipelined(commits, tx -> tx.preparedQuery("INSERT INTO transactions_probe VALUES ($1)")
                .execute(Tuple.of(id))
                .chain(() -> tx.preparedQuery("INSERT INTO transactions_probe VALUES ($1)").execute(Tuple.of(id)))
                .replaceWithVoid());

        assertThatThrownBy(() -> failing.await().atMost(TIMEOUT)).hasMessageContaining("duplicate key");
        assertThat(Db.count(pool, "SELECT count(*) FROM transactions_probe WHERE id = $1", id)).isZero();
    }

    @Test
    void aCallerThatGoesAwayLeavesNoTransactionOpenOnThePooledConnection() throws InterruptedException {
        String id = UUID.randomUUID().toString();
        java.util.concurrent.CompletableFuture<Integer> backend = new java.util.concurrent.CompletableFuture<>();
        var subscription = Transactions.pipelined(commits, tx -> tx.query("SELECT pg_backend_pid()").execute()
                        .invoke(rows -> backend.complete(rows.iterator().next().getInteger(0)))
                        .chain(() -> tx.preparedQuery("INSERT INTO transactions_probe SELECT $1 FROM pg_sleep(0.3)")
                                .execute(Tuple.of(id))))
                .subscribe().with(ignored -> { }, failure -> { });
        int pid = backend.join();
        subscription.cancel();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> Db.count(pool,
                "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND state = 'idle in transaction'", pid) == 0);
        assertThat(Db.count(pool, "SELECT count(*) FROM transactions_probe WHERE id = $1", id))
                .as("the transaction ran to its end").isEqualTo(1);
    }

    @Test
    void theCommitsPoolAnswersOnAnEventLoopOfItsOwn() {
        assertThat(answeringVertx(pool)).isSameAs(vertx);
        assertThat(answeringVertx(commits)).isNotSameAs(vertx);
    }

    private int nextTransactionAnswers() {
        return Transactions.pipelined(commits, tx -> tx.query("SELECT 1").execute().map(rows -> rows.size()))
                .await().atMost(TIMEOUT);
    }

    private static Vertx answeringVertx(Pool pool) {
        return pool.query("SELECT 1").execute().map(rows -> {
            Context context = Vertx.currentContext();
            return context == null ? null : context.owner();
        }).await().atMost(TIMEOUT);
    }
}
