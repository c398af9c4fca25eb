package io.imagegate.webhook;

import io.imagegate.testing.Api;
import io.imagegate.testing.Api.Customer;
import io.imagegate.testing.TestReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With the worker's poll an hour away, a delivery still goes out as soon as its task's end is committed. */
@QuarkusTest
@TestProfile(WebhookWakeTest.PollAnHourAway.class)
class WebhookWakeTest {

    public static class PollAnHourAway implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("imagegate.webhooks.poll-interval", "1h");
        }
    }

    @Test
    void aFinishedTaskWithACallbackWakesTheWorker() throws Exception {
        Customer customer = Api.newCustomer(20);
        try (TestReceiver receiver = TestReceiver.answering(204)) {
            String taskId = customer.accepted("{\"model\": \"ideogram-v4\", \"prompt\": \"wake\", \"callback_url\": \""
                    + receiver.url("/hook") + "\"}");
            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.hits() > 0);
            assertThat(receiver.hits()).as("deliveries received for " + taskId).isEqualTo(1);
        }
    }
}
