package io.imagegate.support;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

/** An item queued for a group commit, and where its outcome goes: its caller, on the Vert.x context it came from. */
record Waiting<I, O>(I item, Context context, UniEmitter<? super O> emitter) {

    /**
     * Queues the item for its caller, remembering the caller's Vert.x context, then runs {@code drain}; the outcome
     * arrives when a batch delivers it.
     */
    static <I, O> Uni<O> enqueue(Queue<Waiting<I, O>> queue, I item, Runnable drain) {
        return Uni.createFrom().emitter(emitter -> {
            queue.add(new Waiting<>(item, Vertx.currentContext(), emitter));
            drain.run();
        });
    }

    /**
     * The next batch: an item set aside to run alone if there is one, else up to {@code max} items from the head of
     * the queue, in arrival order.
     */
    static <I, O> List<Waiting<I, O>> next(Queue<Waiting<I, O>> alone, Queue<Waiting<I, O>> queue, int max) {
        Waiting<I, O> single = alone.poll();
        return single != null ? new ArrayList<>(List.of(single)) : take(queue, max);
    }

    /**
     * Fails the batch, unless Postgres refused it for what one of its items holds (a data or constraint error, class
     * 22 or 23): then every item is set aside to run alone, so that only the offending one fails. True if set aside.
     */
    static <I, O> boolean failOrSetAside(List<Waiting<I, O>> batch, Throwable failure, Queue<Waiting<I, O>> alone) {
        if (batch.size() > 1 && refusedForItsData(failure)) {
            alone.addAll(batch);
            return true;
        }
        fail(batch, failure);
        return false;
    }

    private static boolean refusedForItsData(Throwable failure) {
        return failure instanceof PgException pg && pg.getSqlState() != null
                && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"));
    }

    /** Up to {@code max} items from the head of the queue, in arrival order. */
    static <I, O> List<Waiting<I, O>> take(Queue<Waiting<I, O>> queue, int max) {
        List<Waiting<I, O>> batch = new ArrayList<>();
        Waiting<I, O> next;
        while (batch.size() < max && (next = queue.poll()) != null) {
            batch.add(next);
        }
        return batch;
    }

    static <I, O> List<I> items(List<Waiting<I, O>> batch) {
        return batch.stream().map(Waiting::item).toList();
    }

    static <I, O> void deliver(List<Waiting<I, O>> batch, List<Outcome<O>> outcomes) {
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).deliver(outcomes.get(i));
        }
    }

    static <I, O> void fail(List<Waiting<I, O>> batch, Throwable failure) {
        batch.forEach(w -> w.deliver(Outcome.failed(failure)));
    }

    void deliver(Outcome<O> outcome) {
        Runnable complete = () -> {
            if (outcome.failure() != null) {
                emitter.fail(outcome.failure());
            } else {
                emitter.complete(outcome.value());
            }
        };
        if (context != null) {
            context.runOnContext(ignored -> complete.run());
        } else {
            complete.run();
        }
    }
}
