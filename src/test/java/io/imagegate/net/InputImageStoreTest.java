package io.imagegate.net;

import io.imagegate.config.ImagegateConfig;
import io.imagegate.testing.Api;
import io.imagegate.testing.Api.Customer;
import io.imagegate.testing.Db;
import io.imagegate.testing.Images;
import io.imagegate.testing.TaskStream;
import io.imagegate.testing.TestReceiver;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An image sent inline is kept once, by its hash; the task and everything said about it carry only a reference. */
@QuarkusTest
class InputImageStoreTest {

    private static final int SMALL = 16 * 1024;

    @Inject
    Pool pool;

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    ImagegateConfig config;

    @Test
    void aLargeInlineImageIsStoredOnceAndTheTaskItsEventsAndItsWebhookCarryAReference() throws Exception {
        byte[] image = Arrays.copyOf(Images.png(64, 64), 9 * 1024 * 1024);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image));
        String dataUri = "data:image/png;base64," + Base64.getEncoder().encodeToString(image);
        Customer customer = Api.newCustomer(100);
        try (TestReceiver receiver = TestReceiver.answering(200)) {
            String body = """
                    {"model": "sandbox-image", "operation": "remix", "prompt": "p", "image": "%s", "callback_url": "%s"}"""
                    .formatted(dataUri, receiver.url("/hook"));
            String first = customer.accepted(body);
            String second = customer.accepted(body);
            JsonPath task = customer.terminal(first);

            assertThat(task.getString("data.status")).isEqualTo("completed");
            assertThat(task.getMap("data.input.image")).containsEntry("sha256", sha256)
                    .containsEntry("content_type", "image/png").containsEntry("bytes", image.length);
            String url = task.getString("data.input.image.url");
            assertThat(url).endsWith("/api/v1/inputs/" + sha256);
            assertThat(customer.request().get("/api/v1/tasks/" + first).asByteArray()).hasSizeLessThan(SMALL);
            assertThat(customer.request().get("/api/v1/tasks").asByteArray()).hasSizeLessThan(SMALL);

            await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.received().isEmpty());
            assertThat(receiver.received().get(0).body().getBytes(StandardCharsets.UTF_8)).hasSizeLessThan(SMALL);
            assertThat(TaskStream.entriesFor(redis, config.redis().prefix(), first))
                    .allSatisfy(entry -> assertThat(entry.get("task").length()).isLessThan(SMALL));
            customer.terminal(second);

            assertThat(Db.count(pool, "SELECT count(*) FROM input_images WHERE account_id = $1", customer.accountId()))
                    .as("two tasks, one stored copy").isEqualTo(1);
            assertThat(customer.request().get(URI.create(url).getPath()).then().statusCode(200)
                    .contentType("image/png").header("ETag", "\"" + sha256 + "\"").extract().asByteArray())
                    .isEqualTo(image);
            Api.newCustomer(0).request().get(URI.create(url).getPath()).then().statusCode(404);
        }
    }

    @Test
    void anImageGivenByUrlStaysAUrl() {
        Customer customer = Api.newCustomer(100);
        String taskId = customer.accepted("""
                {"model": "sandbox-image", "operation": "remix", "prompt": "p", "image": "http://127.0.0.1:9/cat.png"}""");
        assertThat(customer.task(taskId).getString("data.input.image")).isEqualTo("http://127.0.0.1:9/cat.png");
        assertThat(Db.count(pool, "SELECT count(*) FROM input_images WHERE account_id = $1", customer.accountId())).isZero();
    }
}
