package io.imagegate.event;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** The task_events table: written in the transaction that ends a task, emptied by publication. */
@ApplicationScoped
public class EventOutbox {

    /** What a transaction appends: the task id, account, status and the task's JSON. */
    public record Draft(String taskId, String accountId, String status, String payload) {
    }

    private final Pool pool;

    EventOutbox(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<TaskEvent>> append(SqlClient tx, List<Draft> drafts) {
        if (drafts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return tx.preparedQuery("""
                        INSERT INTO task_events (task_id, account_id, status, payload)
                        SELECT task_id, account_id, status, payload::jsonb
                        FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS d(task_id, account_id, status, payload)
                        RETURNING id, task_id, account_id, status, payload::text""")
                .execute(Tuple.of(drafts.stream().map(Draft::taskId).toArray(String[]::new),
                        drafts.stream().map(Draft::accountId).toArray(String[]::new),
                        drafts.stream().map(Draft::status).toArray(String[]::new),
                        drafts.stream().map(Draft::payload).toArray(String[]::new)))
                .map(EventOutbox::events);
    }

    /** Removes events Redis has taken. */
    Uni<Void> forget(List<TaskEvent> events) {
        return pool.preparedQuery("DELETE FROM task_events WHERE id = ANY($1)")
                .execute(Tuple.of(events.stream().map(TaskEvent::id).toArray(Long[]::new)))
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
