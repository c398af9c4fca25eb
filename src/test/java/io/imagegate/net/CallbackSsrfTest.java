package io.imagegate.net;

import io.imagegate.testing.Api;
import io.imagegate.testing.Api.Customer;
import io.imagegate.testing.Canary;
import io.imagegate.testing.Db;
import io.imagegate.testing.PrivateTargetsRefused;
import io.imagegate.testing.StubResolver;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Refused callback targets are never connected to: a canary listener on loopback counts zero connections. */
@QuarkusTest
@TestProfile(PrivateTargetsRefused.class)
class CallbackSsrfTest {

    @Inject
    Pool pool;

    private Canary canary;

    @BeforeEach
    void canary() throws IOException {
        canary = new Canary();
        StubResolver.answer("canary.test", List.of("127.0.0.1"));
        StubResolver.answer("localhost", List.of("127.0.0.1", "::1"));
        StubResolver.answer("dual.test", List.of("93.184.216.34", "127.0.0.1"));
    }

    @AfterEach
    void noConnection() throws IOException {
        assertThat(canary.connections()).as("connections to the canary").isZero();
        canary.close();
    }

    @Test
    void theRefusalNamesTheSettingThatAllowsLocalReceivers() {
        Api.newCustomer(50).submit("{\"prompt\": \"p\", \"callback_url\": \"https://canary.test:" + canary.port() + "/\"}")
                .then().statusCode(400)
                .body("error.message", containsString("IMAGEGATE_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1:%d/", "https://2130706433:%d/", "https://0x7f000001:%d/",
            "https://0177.0.0.1:%d/", "https://127.1:%d/", "https://[::1]:%d/", "https://[::ffff:127.0.0.1]:%d/",
            "https://localhost:%d/", "https://canary.test:%d/", "https://dual.test:%d/", "http://canary.test:%d/",
            "https://169.254.169.254:%d/latest/meta-data/"})
    void refusedAtSubmission(String template) {
        Customer customer = Api.newCustomer(50);
        customer.submit("{\"prompt\": \"p\", \"callback_url\": \"" + template.formatted(canary.port()) + "\"}").then()
                .statusCode(400)
                .body("error.param", equalTo("callback_url"))
                .body("error.type", equalTo("invalid_value"));
        assertThat(Db.count(pool, "SELECT count(*) FROM tasks WHERE account_id = $1", customer.accountId())).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1:%d/a.png", "https://2130706433:%d/a.png", "https://[::ffff:127.0.0.1]:%d/a.png",
            "https://canary.test:%d/a.png", "https://169.254.169.254/latest/a.png"})
    void inputImageUrlsAreRefusedAtSubmissionByTheSameGuard(String template) {
        Customer customer = Api.newCustomer(50);
        customer.submit("{\"operation\": \"remix\", \"prompt\": \"p\", \"image\": \"" + template.formatted(canary.port()) + "\"}")
                .then().statusCode(400).body("error.param", equalTo("image"));
        customer.submit("{\"prompt\": \"p\", \"reference_images\": [\"" + template.formatted(canary.port()) + "\"]}")
                .then().statusCode(400).body("error.param", equalTo("reference_images"));
    }

    @Test
    void checkedAgainAtDeliveryWhenTheNameNowPointsInside() throws InterruptedException {
        StubResolver.answer("rebind.test", List.of("93.184.216.34"), List.of("127.0.0.1"));
        Customer customer = Api.newCustomer(50);
        String taskId = customer.accepted("{\"prompt\": \"p\", \"callback_url\": \"https://rebind.test:"
                + canary.port() + "/hook\"}");
        String error = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> customer.request().get("/api/v1/tasks/" + taskId + "/deliveries").then().extract().jsonPath()
                        .getString("data.attempt_log[0].error"), java.util.Objects::nonNull);
        assertThat(error).contains("loopback");
    }
}
