package io.imagegate.event;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The task_events table: written in the transaction that ends a task, emptied by publication. Events Redis took
 * are deleted together a moment later, one statement for all of them rather than one commit per published batch;
 * the delay stays well inside the relay's grace, so the relay does not send them again.
 */
@ApplicationScoped
public class EventOutbox {

    private static final Logger LOG = Logger.getLogger(EventOutbox.class);
    private static final Duration FORGET_DELAY = Duration.ofMillis(100);

    /** What a transaction appends: the task id, account, status and the task's JSON. */
    public record NewEvent(String taskId, String accountId, String status, String payload) {
    }

    private final Pool pool;
    private final Vertx vertx;
    private final Queue<Long> taken = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean deletionScheduled = new AtomicBoolean();

    EventOutbox(Pool pool, Vertx vertx) {
        this.pool = pool;
        this.vertx = vertx;
    }

    public Uni<List<TaskEvent>> append(SqlClient tx, List<NewEvent> drafts) {
        if (drafts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return tx.preparedQuery("""
                        INSERT INTO task_events (task_id, account_id, status, payload)
                        SELECT task_id, account_id, status, payload::jsonb
                        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS d(task_id, account_id, status, payload)
                        RETURNING id, task_id, account_id, status, payload::text""")
                .execute(Tuple.of(drafts.stream().map(NewEvent::taskId).toArray(String[]::new),
                        drafts.stream().map(NewEvent::accountId).toArray(String[]::new),
                        drafts.stream().map(NewEvent::status).toArray(String[]::new),
                        drafts.stream().map(NewEvent::payload).toArray(String[]::new)))
                .map(EventOutbox::events);
    }

    /** Removes events Redis has taken, {@link #FORGET_DELAY} later together with those taken meanwhile. */
    void forget(List<TaskEvent> events) {
        events.forEach(event -> taken.add(event.id()));
        if (deletionScheduled.compareAndSet(false, true)) {
            vertx.setTimer(FORGET_DELAY.toMillis(), id -> deleteTaken().subscribe().with(
                    ignored -> { }, e -> LOG.warnf("Deleting published task events failed; the relay will send them again: %s",
                            e.getMessage())));
        }
    }

    /** Nothing taken stays behind a clean shutdown to be sent twice; after the dispatcher's drain, which publishes. */
    void deleteTakenAtShutdown(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) ShutdownEvent ignored) {
        deleteTaken().onFailure().recoverWithNull().await().atMost(Duration.ofSeconds(5));
    }

    private Uni<Void> deleteTaken() {
        deletionScheduled.set(false);
        List<Long> ids = new ArrayList<>();
        Long id;
        while ((id = taken.poll()) != null) {
            ids.add(id);
        }
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("DELETE FROM task_events WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .replaceWithVoid();
    }

    /** Events still waiting after {@code graceMillis}: their first publication failed or its publisher died. */
    Uni<List<TaskEvent>> unpublished(long graceMillis, int limit) {
        return pool.preparedQuery("""
                        SELECT id, task_id, account_id, status, payload::text FROM task_events
                        WHERE published_at IS NULL AND created_at < now() - make_interval(secs => $1)
                        ORDER BY id LIMIT $2""")
                .execute(Tuple.of(graceMillis / 1000.0, limit))
                .map(EventOutbox::events);
    }

    private static List<TaskEvent> events(Iterable<Row> rows) {
        List<TaskEvent> out = new ArrayList<>();
        for (Row row : rows) {
            out.add(new TaskEvent(row.getLong(0), row.getString(1), row.getString(2), row.getString(3), row.getString(4)));
        }
        return out;
    }
}
