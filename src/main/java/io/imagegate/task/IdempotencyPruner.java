package io.imagegate.task;

import io.imagegate.config.ImagegateConfig;
import io.imagegate.support.Periodic;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;

/** Deletes Idempotency-Key answers older than the retention (24 h by default); any replica may do it. */
@ApplicationScoped
class IdempotencyPruner {

    private static final Logger LOG = Logger.getLogger(IdempotencyPruner.class);
    private static final Duration INTERVAL = Duration.ofHours(1);

    private final IdempotencyRepository idempotency;
    private final ImagegateConfig config;

    IdempotencyPruner(IdempotencyRepository idempotency, ImagegateConfig config) {
        this.idempotency = idempotency;
        this.config = config;
    }

    private Periodic job;

    void start(@Observes StartupEvent ignored, Vertx vertx) {
        job = Periodic.every(vertx, INTERVAL, this::prune);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (job != null) {
            job.stop();
        }
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
