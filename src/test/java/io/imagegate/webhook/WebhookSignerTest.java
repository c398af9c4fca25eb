package io.imagegate.webhook;

import com.standardwebhooks.Webhook;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class WebhookSignerTest {

    @Test
    void reproducesTheStandardWebhooksKnownAnswer() {
        assertThat(WebhookSigner.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330L, "{\"test\": 2432232314}"))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void agreesWithTheReferenceLibrary() throws Exception {
        String secret = WebhookSigner.newSecret();
        long now = System.currentTimeMillis() / 1000;
        String body = "{\"type\":\"task.completed\",\"data\":{\"task_id\":\"task_1\"}}";
        assertThat(WebhookSigner.sign(secret, "msg_1", now, body)).isEqualTo(new Webhook(secret).sign("msg_1", now, body));
    }

    @Test
    void duringARotationEitherSecretVerifies() {
        String previous = WebhookSigner.newSecret();
        String current = WebhookSigner.newSecret();
        long now = System.currentTimeMillis() / 1000;
        String body = "{}";
        String header = WebhookSigner.header(List.of(current, previous), "msg_2", now, body);
        assertThat(header.split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
        Map<String, List<String>> headers = Map.of("webhook-id", List.of("msg_2"),
                "webhook-timestamp", List.of(Long.toString(now)), "webhook-signature", List.of(header));
        assertThatCode(() -> new Webhook(current).verify(body, headers)).doesNotThrowAnyException();
        assertThatCode(() -> new Webhook(previous).verify(body, headers)).doesNotThrowAnyException();
    }

    @Test
    void secretsAreStandardAndRandom() {
        String secret = WebhookSigner.newSecret();
        assertThat(secret).startsWith("whsec_");
        assertThat(java.util.Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
        assertThat(WebhookSigner.newSecret()).isNotEqualTo(secret);
    }

    @Test
    void retriesFollowTheScheduleWithJitterAndALaterRetryAfter() {
        RetrySchedule schedule = new RetrySchedule(List.of(java.time.Duration.ofSeconds(5), java.time.Duration.ofMinutes(5)));
        java.time.Instant now = java.time.Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 50; i++) {
            assertThat(schedule.next(now, 1, null)).isBetween(now.plusMillis(4500), now.plusMillis(5500));
            assertThat(schedule.next(now, 2, null)).isBetween(now.plusSeconds(270), now.plusSeconds(330));
        }
        assertThat(schedule.next(now, 1, 60L)).isEqualTo(now.plusSeconds(60));
        assertThat(schedule.next(now, 2, 1L)).isAfter(now.plusSeconds(269));
        assertThat(WebhookSender.retryAfter("120")).isEqualTo(120L);
        assertThat(WebhookSender.retryAfter("soon")).isNull();
    }
}
