package io.imagegate.support;

import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Batches concurrent requests into one flush (one database transaction) without adding delay: a request
 * that arrives while fewer than {@code concurrency} flushes run is flushed at once; requests arriving
 * while all flushes are busy queue up and leave together in the next one. Under light load every request
 * is its own batch; under heavy load batches grow and the per-request cost of a transaction shrinks. A batch that
 * Postgres refuses for one item's data is not a failure of the others: its items are retried one by one.
 *
 * <p>Each item's outcome is delivered on the Vert.x context it was submitted from.
 */
public final class GroupCommit<I, O> {

    private final Function<List<I>, Uni<List<Outcome<O>>>> flush;
    private final int maxBatch;
    private final int concurrency;
    private final Queue<Waiting<I, O>> queue = new ConcurrentLinkedQueue<>();
    private final Queue<Waiting<I, O>> alone = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();

    public GroupCommit(Function<List<I>, Uni<List<Outcome<O>>>> flush, int maxBatch, int concurrency) {
        this.flush = flush;
        this.maxBatch = maxBatch;
        this.concurrency = concurrency;
    }

    public Uni<O> submit(I item) {
        return Waiting.enqueue(queue, item, this::drain);
    }

    private void drain() {
        while (!queue.isEmpty() || !alone.isEmpty()) {
            int now = running.get();
            if (now >= concurrency) {
                return;
            }
            if (!running.compareAndSet(now, now + 1)) {
                continue;
            }
            List<Waiting<I, O>> batch = Waiting.next(alone, queue, maxBatch);
            if (batch.isEmpty()) {
                running.decrementAndGet();
                continue;
            }
            run(batch);
        }
    }

    private void run(List<Waiting<I, O>> batch) {
        try {
            flush.apply(Waiting.items(batch)).subscribe().with(
                    outcomes -> {
                        Waiting.deliver(batch, outcomes);
                        finished();
                    },
                    failure -> failed(batch, failure));
        } catch (RuntimeException e) {
            failed(batch, e);
        }
    }

    private void failed(List<Waiting<I, O>> batch, Throwable failure) {
        Waiting.failOrSetAside(batch, failure, alone);
        finished();
    }

    private void finished() {
        running.decrementAndGet();
        drain();
    }
}
