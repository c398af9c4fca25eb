package io.imagegate.event;

import io.imagegate.config.ImagegateConfig;
import io.imagegate.task.TaskWaiters;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Listens to every replica's task completions on Redis and wakes this replica's waiters. If Redis drops the
 * subscription it resubscribes; meanwhile waiters still end through {@link TaskWaiters}' Postgres poll.
 */
@ApplicationScoped
class TaskEventSubscriber {

    private static final Logger LOG = Logger.getLogger(TaskEventSubscriber.class);
    private static final long RESUBSCRIBE_MILLIS = 1_000;

    private final ReactiveRedisDataSource redis;
    private final TaskWaiters waiters;
    private final EventPublisher publisher;
    private final ImagegateConfig config;
    private final Vertx vertx;
    private final AtomicBoolean stopped = new AtomicBoolean();

    TaskEventSubscriber(ReactiveRedisDataSource redis, TaskWaiters waiters, EventPublisher publisher,
                        ImagegateConfig config, Vertx vertx) {
        this.redis = redis;
        this.waiters = waiters;
        this.publisher = publisher;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent ignored) {
        publisher.onLocalEvent(waiters::wake);
        subscribe();
    }

    void stop(@Observes ShutdownEvent ignored) {
        stopped.set(true);
    }

    private void subscribe() {
        if (stopped.get()) {
            return;
        }
        String channelPrefix = config.redis().prefix() + "tasks:";
        redis.pubsub(String.class)
                .subscribeToPattern(channelPrefix + "*",
                        (channel, message) -> waiters.wake(channel.substring(channelPrefix.length())))
                .subscribe().with(
                        subscriber -> LOG.debug("Subscribed to task events"),
                        e -> resubscribeLater(e.getMessage()));
    }

    private void resubscribeLater(String reason) {
        LOG.debugf("Task event subscription failed (%s); retrying", reason);
        vertx.setTimer(RESUBSCRIBE_MILLIS, id -> subscribe());
    }
}
