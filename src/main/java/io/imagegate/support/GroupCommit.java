package io.imagegate.support;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Batches concurrent requests into one flush (one database transaction) without adding delay: a request
 * that arrives while fewer than {@code concurrency} flushes run is flushed at once; requests arriving
 * while all flushes are busy queue up and leave together in the next one. Under light load every request
 * is its own batch; under heavy load batches grow and the per-request cost of a transaction shrinks.
 *
 * <p>Each item's outcome is delivered on the Vert.x context it was submitted from.
 */
public final class GroupCommit<I, O> {

    /** The result of one item of a batch: a value, or the failure of that item alone. */
    public record Outcome<O>(O value, Throwable failure) {
        public static <O> Outcome<O> ok(O value) {
            return new Outcome<>(value, null);
        }

        public static <O> Outcome<O> failed(Throwable failure) {
            return new Outcome<>(null, failure);
        }
    }

    private record Pending<I, O>(I item, Context context, io.smallrye.mutiny.subscription.UniEmitter<? super O> emitter) {
    }

    private final Function<List<I>, Uni<List<Outcome<O>>>> flush;
    private final int maxBatch;
    private final int concurrency;
    private final Queue<Pending<I, O>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();

    public GroupCommit(Function<List<I>, Uni<List<Outcome<O>>>> flush, int maxBatch, int concurrency) {
        this.flush = flush;
        this.maxBatch = maxBatch;
        this.concurrency = concurrency;
    }

    public Uni<O> submit(I item) {
        return Uni.createFrom().emitter(emitter -> {
            queue.add(new Pending<>(item, Vertx.currentContext(), emitter));
            drain();
        });
    }

    private void drain() {
        while (!queue.isEmpty()) {
            int now = running.get();
            if (now >= concurrency) {
                return;
            }
            if (!running.compareAndSet(now, now + 1)) {
                continue;
            }
            List<Pending<I, O>> batch = take();
            if (batch.isEmpty()) {
                running.decrementAndGet();
                continue;
            }
            run(batch);
        }
    }

    private List<Pending<I, O>> take() {
        List<Pending<I, O>> batch = new ArrayList<>();
        Pending<I, O> next;
        while (batch.size() < maxBatch && (next = queue.poll()) != null) {
            batch.add(next);
        }
        return batch;
    }

    private void run(List<Pending<I, O>> batch) {
        try {
            flush.apply(batch.stream().map(Pending::item).toList()).subscribe().with(
                    outcomes -> {
                        for (int i = 0; i < batch.size(); i++) {
                            deliver(batch.get(i), outcomes.get(i));
                        }
                        finished();
                    },
                    failure -> failed(batch, failure));
        } catch (RuntimeException e) {
            failed(batch, e);
        }
    }

    private void failed(List<Pending<I, O>> batch, Throwable failure) {
        batch.forEach(p -> deliver(p, Outcome.failed(failure)));
        finished();
    }

    private void finished() {
        running.decrementAndGet();
        drain();
    }

    private void deliver(Pending<I, O> pending, Outcome<O> outcome) {
        Runnable complete = () -> {
            if (outcome.failure() != null) {
                pending.emitter().fail(outcome.failure());
            } else {
                pending.emitter().complete(outcome.value());
            }
        };
        if (pending.context() != null) {
            pending.context().runOnContext(ignored -> complete.run());
        } else {
            complete.run();
        }
    }
}
