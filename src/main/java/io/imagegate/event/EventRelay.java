package io.imagegate.event;

import io.imagegate.config.ImagegateConfig;
import io.imagegate.support.Periodic;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Re-publishes events whose publication failed (Redis down) or whose publisher died before it. */
@ApplicationScoped
class EventRelay {

    private static final Logger LOG = Logger.getLogger(EventRelay.class);
    private static final long GRACE_MILLIS = 2_000;
    private static final int BATCH = 500;

    private final EventOutbox outbox;
    private final EventPublisher publisher;
    private final ImagegateConfig config;
    private Periodic job;

    EventRelay(EventOutbox outbox, EventPublisher publisher, ImagegateConfig config) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.config = config;
    }

    void start(@Observes StartupEvent ignored, Vertx vertx) {
        job = Periodic.every(vertx, config.events().relayInterval(), this::relay);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (job != null) {
            job.stop();
        }
    }

    Uni<Void> relay() {
        return outbox.unpublished(GRACE_MILLIS, BATCH)
                .chain(events -> events.isEmpty() ? Uni.createFrom().voidItem() : publisher.publish(events)
                        .invoke(() -> LOG.infof("Relayed %d task events to Redis", events.size())))
                .onFailure().invoke(e -> LOG.debugf("Event relay deferred: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }
}
