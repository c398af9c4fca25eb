package io.imagegate.support;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Group commit for read-then-write transactions, one transaction in flight, batches pipelined on one connection.
 * A batch's transaction is BEGIN with its reads (one round trip), then the single {@link Transactions.Write} they
 * decide on with COMMIT right behind it. Items that queued meanwhile form the next batch, whose BEGIN and reads
 * are sent behind that COMMIT on the same connection: Postgres runs them once the commit is done, so they see
 * what it wrote and take the locks it freed, and their answers come back right after the commit's. Under load a
 * batch thus costs one round trip of the lane's time instead of two; a lone item still takes two.
 *
 * <p>{@code reads} must only read and lock: a write the client fails to send leaves COMMIT to commit the reads
 * alone. A write that fails in Postgres aborts its transaction and the COMMIT behind it rolls it back. Nothing is
 * sent to roll back once a COMMIT is on its way: it would end the next batch's transaction instead. A batch already
 * sent behind a failed one carries on, on the same connection (after a failed write its BEGIN follows the rollback);
 * once nothing is in flight behind a failure the connection goes back to the pool and the next batch takes a fresh one.
 *
 * <p>A batch that Postgres refuses for one item's data is not a failure of the others: its items are retried one by
 * one, so only the offending item fails.
 *
 * <p>{@code committed} turns the write's result into each item's outcome once the transaction committed; each
 * outcome is delivered on the Vert.x context its item was submitted from.
 */
public final class PipelinedLane<I, R, O> {

    private final Pool pool;
    private final int maxBatch;
    private final BiFunction<SqlConnection, List<I>, Uni<Transactions.Write<R>>> reads;
    private final Function<R, List<Outcome<O>>> committed;
    private final Queue<Waiting<I, O>> queue = new ConcurrentLinkedQueue<>();
    private final Queue<Waiting<I, O>> alone = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean busy = new AtomicBoolean();

    public PipelinedLane(Pool pool, int maxBatch, BiFunction<SqlConnection, List<I>, Uni<Transactions.Write<R>>> reads,
                         Function<R, List<Outcome<O>>> committed) {
        this.pool = pool;
        this.maxBatch = maxBatch;
        this.reads = reads;
        this.committed = committed;
    }

    public Uni<O> submit(I item) {
        return Waiting.enqueue(queue, item, this::startIfIdle);
    }

    private void startIfIdle() {
        while ((!queue.isEmpty() || !alone.isEmpty()) && busy.compareAndSet(false, true)) {
            List<Waiting<I, O>> batch = Waiting.next(alone, queue, maxBatch);
            if (!batch.isEmpty()) {
                pool.getConnection().subscribe().with(conn -> read(conn, batch), failure -> {
                    Waiting.fail(batch, failure);
                    idle();
                });
                return;
            }
            busy.set(false);
        }
    }

    private void read(SqlConnection conn, List<Waiting<I, O>> batch) {
        Transactions.begun(conn, c -> reads.apply(c, Waiting.items(batch))).subscribe().with(
                write -> write(conn, batch, write),
                failure -> {
                    Waiting.failOrSetAside(batch, failure, alone);
                    Transactions.rollback(conn).subscribe().with(ignored -> release(conn));
                });
    }

    /** Sends the write with COMMIT and, behind them, the next batch's reads if items are waiting. */
    private void write(SqlConnection conn, List<Waiting<I, O>> batch, Transactions.Write<R> write) {
        Uni<R> commit = Uni.combine().all().unis(write.send(conn), conn.query("COMMIT").execute())
                .collectFailures().with((result, ignored) -> result);
        List<Waiting<I, O>> next = Waiting.next(alone, queue, maxBatch);
        commit.map(committed).subscribe().with(
                outcomes -> {
                    Waiting.deliver(batch, outcomes);
                    if (next.isEmpty()) {
                        carryOn(conn);
                    }
                },
                failure -> {
                    Waiting.failOrSetAside(batch, failure, alone);
                    if (next.isEmpty()) {
                        release(conn);
                    }
                });
        if (!next.isEmpty()) {
            read(conn, next);
        }
    }

    /** Reads what queued during the commit on the same connection, or gives the connection back. */
    private void carryOn(SqlConnection conn) {
        List<Waiting<I, O>> batch = Waiting.next(alone, queue, maxBatch);
        if (batch.isEmpty()) {
            release(conn);
        } else {
            read(conn, batch);
        }
    }

    private void release(SqlConnection conn) {
        conn.close().subscribe().with(ignored -> idle(), failure -> idle());
    }

    private void idle() {
        busy.set(false);
        startIfIdle();
    }
}
