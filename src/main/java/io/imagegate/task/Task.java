package io.imagegate.task;

import io.imagegate.webhook.WebhookRepository;
import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/** A task row. JSON columns are kept as their text, written to clients as they are. */
public record Task(String id, String accountId, String apiKeyId, String model, String operation, TaskStatus status,
                   String inputJson, int numImages, Integer imagesDelivered, long creditsReserved, long creditsConsumed,
                   String outputJson, String errorJson, String callbackUrl, String callbackStatus, int callbackAttempts,
                   String owner, int attempt, List<String> avoidRoutes, Instant createdAt, Instant startedAt, Instant completedAt) {

    /** The task columns as {@link #from} reads them, from {@code tasks}. */
    static final String COLUMNS = columns("tasks");

    /** The same columns qualified by the alias {@code t}, for statements that alias the table. */
    static final String T_COLUMNS = columns("t");

    /** The same columns read from {@code table} (a table name or alias). */
    static String columns(String table) {
        String t = table + ".";
        return t + "id, " + t + "account_id, " + t + "api_key_id, " + t + "model, " + t + "operation, " + t + "status, "
                + t + "input::text AS input, " + t + "num_images, " + t + "images_delivered, " + t + "credits_reserved, " + t + "credits_consumed, "
                + t + "output::text AS output, " + t + "error::text AS error, " + t + "callback_url, " + t + "owner, "
                + t + "attempt, " + t + "avoid_routes, " + t + "created_at, " + t + "started_at, " + t + "completed_at, "
                + WebhookRepository.callbackColumns(t + "id");
    }

    static Task from(Row row) {
        return new Task(row.getString("id"), row.getString("account_id"), row.getString("api_key_id"),
                row.getString("model"), row.getString("operation"), TaskStatus.fromWire(row.getString("status")).orElseThrow(), row.getString("input"),
                row.getInteger("num_images"), row.getInteger("images_delivered"), row.getLong("credits_reserved"),
                row.getLong("credits_consumed"),
                row.getString("output"), row.getString("error"), row.getString("callback_url"),
                row.getString("callback_status"), row.getInteger("callback_attempts") == null ? 0 : row.getInteger("callback_attempts"),
                row.getString("owner"),
                row.getInteger("attempt"), List.of(row.getArrayOfStrings("avoid_routes")), instant(row, "created_at"), instant(row, "started_at"),
                instant(row, "completed_at"));
    }

    public boolean isTerminal() {
        return status.isTerminal();
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
