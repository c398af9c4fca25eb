package io.imagegate.event;

import io.imagegate.config.ImagegateConfig;
import io.imagegate.support.LastingSubscription;
import io.imagegate.task.TaskWaiters;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;


/**
 * Listens to every replica's task completions on Redis and wakes this replica's waiters. If Redis drops the
 * subscription it resubscribes; meanwhile waiters still end through {@link TaskWaiters}' Postgres poll.
 */
@ApplicationScoped
class TaskEventSubscriber {

    private final TaskWaiters waiters;
    private final EventPublisher publisher;
    private final LastingSubscription subscription;

    TaskEventSubscriber(ReactiveRedisDataSource redis, TaskWaiters waiters, EventPublisher publisher,
                        ImagegateConfig config, Vertx vertx) {
        this.waiters = waiters;
        this.publisher = publisher;
        String channelPrefix = config.redis().prefix() + "tasks:";
        this.subscription = new LastingSubscription(vertx, "task events", () -> redis.pubsub(String.class)
                .subscribeToPattern(channelPrefix + "*",
                        (channel, message) -> waiters.wake(channel.substring(channelPrefix.length()))));
    }

    void start(@Observes StartupEvent ignored) {
        publisher.onLocalEvent(waiters::wake);
        subscription.start();
    }

    void stop(@Observes ShutdownEvent ignored) {
        subscription.stop();
    }
}
