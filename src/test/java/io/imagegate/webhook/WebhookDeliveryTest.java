package io.imagegate.webhook;

import com.standardwebhooks.Webhook;
import io.imagegate.testing.Api.Customer;
import io.imagegate.testing.Api;
import io.imagegate.testing.Db;
import io.imagegate.testing.TestReceiver.Answer;
import io.imagegate.testing.TestReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Deliveries to a receiver on loopback (the test profile allows private targets and retries every 200 ms). */
@QuarkusTest
class WebhookDeliveryTest {

    @Inject
    Pool pool;

    @Test
    void aCompletedTaskIsDeliveredSignedAndRecorded() throws Exception {
        Customer customer = Api.newCustomer(20);
        String secret = secret(customer);
        try (TestReceiver receiver = TestReceiver.answering(204)) {
            String taskId = customer.accepted(body(receiver.url("/hooks/imagegate?source=test"), "delivered"));
            awaitUntil(() -> "delivered".equals(customer.task(taskId).getString("data.callback.status")));

            TestReceiver.Received request = receiver.received().get(0);
            verify(secret, request);
            JsonObject event = new JsonObject(request.body());
            assertThat(event.getString("type")).isEqualTo("task.completed");
            assertThat(event.getString("timestamp")).isNotBlank();
            assertThat(event.getJsonObject("data").getString("task_id")).isEqualTo(taskId);
            assertThat(event.getJsonObject("data").getString("status")).isEqualTo("completed");
            assertThat(event.getJsonObject("data").containsKey("callback"))
                    .as("no callback state in the body: it would say pending, 0 attempts on every attempt").isFalse();
            assertThat(event.getJsonObject("data").getJsonObject("output").getJsonArray("images")).isNotEmpty();
            assertThat(request.header("webhook-id")).startsWith("msg_");
            assertThat(request.header("content-type")).isEqualTo("application/json");

            JsonPath task = customer.task(taskId);
            assertThat(task.getString("data.callback.url")).isEqualTo(receiver.url("/hooks/imagegate?source=test"));
            assertThat(task.getInt("data.callback.attempts")).isEqualTo(1);
            JsonPath deliveries = customer.request().get("/api/v1/tasks/" + taskId + "/deliveries")
                    .then().statusCode(200).extract().jsonPath();
            assertThat(deliveries.getString("data.webhook_id")).isEqualTo(request.header("webhook-id"));
            assertThat(deliveries.getInt("data.attempt_log[0].status_code")).isEqualTo(204);
            assertThat(deliveries.getString("data.attempt_log[0].attempted_at")).isNotBlank();
            assertThat(deliveries.prettify()).doesNotContain("says things");
        }
    }

    @Test
    void aReceiverFailingTheFirstAttemptsGetsTheEventWithTheSameId() throws Exception {
        Customer customer = Api.newCustomer(20);
        String secret = secret(customer);
        try (TestReceiver receiver = new TestReceiver(n -> Answer.status(n <= 3 ? 503 : 200))) {
            String taskId = customer.accepted(body(receiver.url("/h"), "flaky [sandbox:fail]"));
            awaitUntil(() -> "delivered".equals(customer.task(taskId).getString("data.callback.status")));
            assertThat(receiver.hits()).isEqualTo(4);
            Set<String> ids = new HashSet<>();
            for (TestReceiver.Received request : receiver.received()) {
                verify(secret, request);
                ids.add(request.header("webhook-id"));
                assertThat(new JsonObject(request.body()).getString("type")).isEqualTo("task.failed");
            }
            assertThat(ids).hasSize(1);
            assertThat(customer.task(taskId).getInt("data.callback.attempts")).isEqualTo(4);
        }
    }

    @Test
    void aReceiverThatNeverAcceptsIsGivenUpAfterTheScheduleAndCanBeRetried() throws Exception {
        Customer customer = Api.newCustomer(20);
        try (TestReceiver receiver = TestReceiver.answering(500)) {
            String taskId = customer.accepted(body(receiver.url("/h"), "never"));
            awaitUntil(() -> "failed".equals(customer.task(taskId).getString("data.callback.status")));
            assertThat(receiver.hits()).isEqualTo(5);

            receiver.script(n -> Answer.status(200));
            customer.request().post("/api/v1/tasks/" + taskId + "/deliveries/retry").then().statusCode(200);
            awaitUntil(() -> "delivered".equals(customer.task(taskId).getString("data.callback.status")));
            assertThat(receiver.hits()).isEqualTo(6);
            customer.request().post("/api/v1/tasks/" + taskId + "/deliveries/retry").then().statusCode(409)
                    .body("error.type", equalTo("delivery_not_retryable"));
        }
    }

    @Test
    void goneStopsRetries() throws Exception {
        Customer customer = Api.newCustomer(20);
        try (TestReceiver receiver = TestReceiver.answering(410)) {
            String taskId = customer.accepted(body(receiver.url("/h"), "gone"));
            awaitUntil(() -> "disabled".equals(customer.task(taskId).getString("data.callback.status")));
            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> receiver.hits() == 1);
        }
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        Customer customer = Api.newCustomer(20);
        try (TestReceiver canary = TestReceiver.answering(200);
             TestReceiver redirecting = new TestReceiver(n -> new Answer(302, Map.of("Location", canary.url("/steal")),
                     Duration.ZERO))) {
            String taskId = customer.accepted(body(redirecting.url("/h"), "redirect"));
            awaitUntil(() -> "failed".equals(customer.task(taskId).getString("data.callback.status")));
            assertThat(canary.hits()).isZero();
            assertThat(customer.request().get("/api/v1/tasks/" + taskId + "/deliveries").then().extract()
                    .jsonPath().getInt("data.attempt_log[0].status_code")).isEqualTo(302);
        }
    }

    @Test
    void aSlowReceiverCostsAtMostTheTimeout() throws Exception {
        Customer customer = Api.newCustomer(20);
        try (TestReceiver receiver = new TestReceiver(n -> new Answer(200, Map.of(), Duration.ofSeconds(n == 1 ? 4 : 0)))) {
            String taskId = customer.accepted(body(receiver.url("/h"), "slow"));
            awaitUntil(() -> "delivered".equals(customer.task(taskId).getString("data.callback.status")));
            JsonPath log = customer.request().get("/api/v1/tasks/" + taskId + "/deliveries").then().extract().jsonPath();
            assertThat(log.getString("data.attempt_log[0].error")).contains("no answer within");
            assertThat(log.getInt("data.attempt_log[0].duration_ms")).isBetween(900, 2_500);
            assertThat(log.getInt("data.attempt_log[1].status_code")).isEqualTo(200);
        }
    }

    @Test
    void deliveriesAreSignedWithBothSecretsDuringARotation() throws Exception {
        Customer customer = Api.newCustomer(20);
        String before = secret(customer);
        String after = customer.request().post("/api/v1/webhooks/secret/rotate").then().statusCode(200)
                .extract().path("data.secret");
        assertThat(after).startsWith("whsec_").isNotEqualTo(before);
        assertThat(secret(customer)).isEqualTo(after);
        try (TestReceiver receiver = TestReceiver.answering(200)) {
            String taskId = customer.accepted(body(receiver.url("/h"), "rotation"));
            awaitUntil(() -> "delivered".equals(customer.task(taskId).getString("data.callback.status")));
            TestReceiver.Received request = receiver.received().get(0);
            assertThat(request.header("webhook-signature").split(" ")).hasSize(2);
            verify(after, request);
            verify(before, request);
        }
    }

    @Test
    void aDeliveryHeldByADeadReplicaIsResumed() throws Exception {
        Customer customer = Api.newCustomer(20);
        try (TestReceiver receiver = TestReceiver.answering(503)) {
            String taskId = customer.accepted(body(receiver.url("/h"), "resume"));
            awaitUntil(() -> receiver.hits() >= 1);
            Db.execute(pool, "UPDATE webhook_deliveries SET owner = 'dead-replica', lease_until = now() + interval '2 seconds', "
                    + "next_attempt_at = now(), status = 'pending', max_attempts = 50 WHERE task_id = $1", taskId);
            receiver.script(n -> Answer.status(200));
            int hitsWhileHeld = receiver.hits();
            await("nobody sends while the lease is held").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                    .until(() -> receiver.hits() == hitsWhileHeld);
            awaitUntil(() -> "delivered".equals(customer.task(taskId).getString("data.callback.status")));
            assertThat(receiver.received().stream().map(r -> r.header("webhook-id")).distinct()).hasSize(1);
        }
    }

    @Test
    void deliveriesOfATaskWithoutCallbackAreNotFound() {
        Customer customer = Api.newCustomer(20);
        String taskId = customer.accepted("{\"prompt\": \"no callback\"}");
        customer.request().get("/api/v1/tasks/" + taskId + "/deliveries").then().statusCode(404);
        Api.newCustomer(20).request().get("/api/v1/tasks/" + taskId + "/deliveries").then().statusCode(404);
        assertThat(customer.task(taskId).getString("data.callback")).isNull();
    }

    private static String body(String url, String prompt) {
        return "{\"model\": \"ideogram-v4\", \"prompt\": \"" + prompt + "\", \"callback_url\": \"" + url + "\"}";
    }

    private static String secret(Customer customer) {
        return customer.request().get("/api/v1/webhooks/secret").then().statusCode(200).extract().path("data.secret");
    }

    private static void verify(String secret, TestReceiver.Received request) {
        assertThatCode(() -> new Webhook(secret).verify(request.body(), request.headers())).doesNotThrowAnyException();
    }

    private static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
    }
}
