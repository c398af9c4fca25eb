package io.imagegate.event;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Re-publishes events whose publication failed (Redis down) or whose publisher died before it. */
@ApplicationScoped
class EventRelay {

    private static final Logger LOG = Logger.getLogger(EventRelay.class);
    private static final long GRACE_MILLIS = 2_000;
    private static final int BATCH = 500;

    private final EventOutbox outbox;
    private final EventPublisher publisher;

    EventRelay(EventOutbox outbox, EventPublisher publisher) {
        this.outbox = outbox;
        this.publisher = publisher;
    }

    @Scheduled(every = "${imagegate.events.relay-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> relay() {
        return outbox.unpublished(GRACE_MILLIS, BATCH)
                .chain(events -> events.isEmpty() ? Uni.createFrom().voidItem() : publisher.publish(events)
                        .invoke(() -> LOG.infof("Relayed %d task events to Redis", events.size())))
                .onFailure().invoke(e -> LOG.debugf("Event relay deferred: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }
}
