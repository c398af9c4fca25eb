package io.imagegate.webhook;

import io.imagegate.config.ImagegateConfig;
import io.imagegate.support.Ids;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/** Writes a task's webhook delivery in the same transaction as the task's terminal status. */
@ApplicationScoped
public class WebhookOutbox {

    /** A delivery to write: the task, its account, the callback URL and the exact body to send. */
    public record NewDelivery(String taskId, String accountId, String url, String body) {
    }

    private final WebhookRepository repository;
    private final WebhookWorker worker;
    private final ImagegateConfig config;

    WebhookOutbox(WebhookRepository repository, WebhookWorker worker, ImagegateConfig config) {
        this.repository = repository;
        this.worker = worker;
        this.config = config;
    }

    /** {@code {"type": "task.<status>", "timestamp": "...", "data": <task>}}, fixed once so every retry signs the same bytes. */
    public static String body(String status, Instant timestamp, String taskJson) {
        return "{\"type\":\"task." + status + "\",\"timestamp\":\"" + timestamp + "\",\"data\":" + taskJson + "}";
    }

    public Uni<Void> append(SqlClient tx, List<NewDelivery> drafts) {
        if (drafts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> messageIds = drafts.stream().map(d -> Ids.random("msg_", 24)).toList();
        return repository.insert(tx, drafts, messageIds, config.webhooks().retrySchedule().size() + 1);
    }

    /** Call after the transaction that appended deliveries committed: this replica's worker takes them at once. */
    public void committed() {
        worker.wake();
    }
}
