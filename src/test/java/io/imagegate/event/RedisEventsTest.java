package io.imagegate.event;

import io.imagegate.testing.Api;
import io.imagegate.testing.Api.Customer;
import io.imagegate.testing.Db;
import io.imagegate.testing.TaskStream;
import io.imagegate.config.ImagegateConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Completions reach a separate Redis subscriber and the stream, after the task is committed. */
@QuarkusTest
class RedisEventsTest {

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    ImagegateConfig config;

    @Inject
    Pool pool;

    @Test
    void aCompletedTaskIsPublishedOnItsChannelsAndTheStream() throws Exception {
        Customer customer = Api.newCustomer(20);
        String prefix = config.redis().prefix();
        BlockingQueue<String> accountMessages = new LinkedBlockingQueue<>();
        var subscriber = redis.pubsub(String.class)
                .subscribe(prefix + "accounts:" + customer.accountId() + ":tasks", accountMessages::add)
                .await().atMost(Duration.ofSeconds(5));
        try {
            String taskId = customer.accepted("{\"prompt\": \"published\"}");
            String message = accountMessages.poll(10, TimeUnit.SECONDS);
            assertThat(message).isNotNull();
            JsonObject event = new JsonObject(message);
            assertThat(event.getString("task_id")).isEqualTo(taskId);
            assertThat(event.getString("status")).isEqualTo("completed");
            assertThat(event.getJsonObject("output").getJsonArray("images")).hasSize(1);
            assertThat(event.containsKey("code")).as("published without the envelope").isFalse();

            assertThat(customer.task(taskId).getString("data.status")).isEqualTo("completed");
            List<Map<String, String>> entries = TaskStream.entriesFor(redis, prefix, taskId);
            assertThat(entries).hasSize(1);
            assertThat(entries.get(0)).containsEntry("account_id", customer.accountId())
                    .containsEntry("status", "completed");
            assertThat(new JsonObject(entries.get(0).get("task")).getString("task_id")).isEqualTo(taskId);
            assertThat(Db.outboxEmptiedOf(pool, taskId)).as("the outbox keeps only what Redis has not taken")
                    .isTrue();
        } finally {
            subscriber.unsubscribe().await().atMost(Duration.ofSeconds(5));
        }
    }

    @Test
    void aTasksOwnChannelCarriesItsEnd() throws Exception {
        Customer customer = Api.newCustomer(20);
        String prefix = config.redis().prefix();
        BlockingQueue<String> channels = new LinkedBlockingQueue<>();
        var subscriber = redis.pubsub(String.class)
                .subscribeToPattern(prefix + "tasks:*", (channel, message) -> channels.add(channel))
                .await().atMost(Duration.ofSeconds(5));
        try {
            String taskId = customer.accepted("{\"prompt\": \"fails [sandbox:fail]\"}");
            String channel;
            do {
                channel = channels.poll(10, TimeUnit.SECONDS);
                assertThat(channel).isNotNull();
            } while (!channel.equals(prefix + "tasks:" + taskId));
        } finally {
            subscriber.unsubscribe().await().atMost(Duration.ofSeconds(5));
        }
    }
}
