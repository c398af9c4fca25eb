package io.imagegate.webhook;

import io.imagegate.account.AccountRepository;
import io.imagegate.config.ImagegateConfig;
import io.imagegate.error.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** What customers do with their webhooks: read and rotate the signing secret, inspect and re-send deliveries. */
@ApplicationScoped
public class Webhooks {

    private final WebhookRepository repository;
    private final AccountRepository accounts;
    private final WebhookWorker worker;
    private final ImagegateConfig config;

    Webhooks(WebhookRepository repository, AccountRepository accounts, WebhookWorker worker, ImagegateConfig config) {
        this.repository = repository;
        this.accounts = accounts;
        this.worker = worker;
        this.config = config;
    }

    public Uni<String> secret(String accountId) {
        return accounts.webhookSecret(accountId).map(found -> found.orElseThrow(() -> ApiException.notFound("Account")));
    }

    /** A new secret; the previous one keeps signing (as a second signature) for the grace period. */
    public Uni<String> rotate(String accountId) {
        return accounts.rotateWebhookSecret(accountId, WebhookSigner.newSecret(),
                config.webhooks().rotationGrace().toSeconds());
    }

    /** Deliveries due or waiting for their next attempt, across all accounts. */
    public Uni<Long> pendingDeliveries() {
        return repository.countPending();
    }

    public Uni<DeliveryView> delivery(String accountId, String taskId) {
        return repository.find(accountId, taskId)
                .map(found -> found.orElseThrow(() -> ApiException.notFound("A webhook delivery for task " + taskId)));
    }

    /** Sends a failed or disabled delivery once more; a pending or delivered one is a 409. */
    public Uni<DeliveryView> retry(String accountId, String taskId) {
        return repository.retry(accountId, taskId)
                .chain(retried -> delivery(accountId, taskId).invoke(view -> {
                    if (!retried) {
                        throw ApiException.conflict("delivery_not_retryable",
                                "The delivery is " + view.status().wire() + "; only a failed or disabled delivery can be re-sent.");
                    }
                    worker.wake();
                }));
    }
}
