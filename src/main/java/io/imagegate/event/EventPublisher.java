package io.imagegate.event;

import io.imagegate.config.ImagegateConfig;
import io.imagegate.ops.GatewayMetrics;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Publishes committed terminal events to Redis in one pipeline: Pub/Sub on the task's and the account's
 * channel, and XADD to the task-events stream. Publication is at least once: an event leaves the outbox only
 * after Redis took it, and the relay re-sends what is still there.
 */
@ApplicationScoped
public class EventPublisher {

    private static final Logger LOG = Logger.getLogger(EventPublisher.class);

    private final Redis redis;
    private final EventOutbox outbox;
    private final ImagegateConfig config;
    private final GatewayMetrics metrics;
    private final List<Consumer<String>> localListeners = new ArrayList<>();

    EventPublisher(Redis redis, EventOutbox outbox, ImagegateConfig config, GatewayMetrics metrics) {
        this.metrics = metrics;
        this.redis = redis;
        this.outbox = outbox;
        this.config = config;
    }

    /** Called with the task id of every event committed on this replica, before Redis is involved. */
    public void onLocalEvent(Consumer<String> listener) {
        localListeners.add(listener);
    }

    /** Wakes local waiters, then publishes; never fails: what Redis refuses stays in the outbox for the relay. */
    public Uni<Void> publishCommitted(List<TaskEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        events.forEach(e -> localListeners.forEach(l -> l.accept(e.taskId())));
        return publish(events)
                .onFailure().invoke(e -> metrics.redisPublicationFailed(events.size()))
                .onFailure().invoke(e -> LOG.warnf("Publishing %d task events to Redis failed; the relay will retry: %s",
                        events.size(), e.getMessage()))
                .onFailure().recoverWithNull();
    }

    Uni<Void> publish(List<TaskEvent> events) {
        String prefix = config.redis().prefix();
        List<Request> requests = new ArrayList<>(events.size() * 3);
        for (TaskEvent event : events) {
            requests.add(Request.cmd(Command.PUBLISH).arg(prefix + "tasks:" + event.taskId()).arg(event.payload()));
            requests.add(Request.cmd(Command.PUBLISH).arg(prefix + "accounts:" + event.accountId() + ":tasks")
                    .arg(event.payload()));
            requests.add(Request.cmd(Command.XADD).arg(prefix + "task-events").arg("MAXLEN").arg("~")
                    .arg(config.redis().streamMaxLength()).arg("*")
                    .arg("task_id").arg(event.taskId())
                    .arg("account_id").arg(event.accountId())
                    .arg("status").arg(event.status())
                    .arg("task").arg(event.payload()));
        }
        return redis.batch(requests).invoke(() -> outbox.forget(events)).replaceWithVoid();
    }
}
