package io.imagegate.task;

import io.imagegate.config.ImagegateConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Deletes Idempotency-Key answers older than the retention (24 h by default); any replica may do it. */
@ApplicationScoped
class IdempotencyPruner {

    private static final Logger LOG = Logger.getLogger(IdempotencyPruner.class);

    private final IdempotencyRepository idempotency;
    private final ImagegateConfig config;

    IdempotencyPruner(IdempotencyRepository idempotency, ImagegateConfig config) {
        this.idempotency = idempotency;
        this.config = config;
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return prune().replaceWithVoid();
    }

    /** How many answers were deleted. */
    Uni<Integer> prune() {
        return idempotency.prune(config.tasks().idempotencyRetention())
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("Pruned %d expired Idempotency-Key answers", n);
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("Pruning Idempotency-Key answers failed: %s", e.getMessage()))
                .onFailure().recoverWithItem(0);
    }
}
