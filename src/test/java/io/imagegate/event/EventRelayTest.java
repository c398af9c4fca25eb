package io.imagegate.event;

import io.imagegate.config.ImagegateConfig;
import io.imagegate.testing.Db;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** An event whose publication failed (Redis was down, or the replica died) is published later by the relay. */
@QuarkusTest
class EventRelayTest {

    @Inject
    Pool pool;

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    ImagegateConfig config;

    @Test
    void catchesUpOnEventsLeftInTheOutbox() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        var subscriber = redis.pubsub(String.class)
                .subscribe(config.redis().prefix() + "tasks:task_left_behind", received::add)
                .await().atMost(Duration.ofSeconds(5));
        try {
            Db.execute(pool, """
                    INSERT INTO task_events (task_id, account_id, status, payload, created_at)
                    VALUES ('task_left_behind', 'acct_x', 'completed', '{"task_id": "task_left_behind"}',
                            now() - interval '10 seconds')""");
            String message = received.poll(15, TimeUnit.SECONDS);
            assertThat(message).contains("task_left_behind");
            assertThat(Db.outboxEmptiedOf(pool, "task_left_behind")).as("removed from the outbox once Redis took it").isTrue();
        } finally {
            subscriber.unsubscribe().await().atMost(Duration.ofSeconds(5));
        }
    }
}
