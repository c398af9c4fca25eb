package io.imagegate.webhook;

import io.imagegate.testing.Api;
import io.imagegate.testing.Db;
import io.imagegate.testing.WorkersPaused;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Claims are exclusive: replicas racing for the same due deliveries split them, never share one. */
@QuarkusTest
@TestProfile(WorkersPaused.class)
class WebhookClaimTest {

    @Inject
    Pool pool;

    @Inject
    WebhookRepository repository;

    @Test
    void twoWorkersNeverClaimTheSameDelivery() {
        String account = Api.newAccount(0);
        for (int i = 0; i < 40; i++) {
            Db.execute(pool, "INSERT INTO webhook_deliveries (message_id, task_id, account_id, url, body, status, max_attempts, "
                    + "next_attempt_at) VALUES ($1, $2, $3, 'http://127.0.0.1:9/', '{}', 'pending', 1, now() + interval '1 hour')",
                    "msg_race_" + i, "task_race_" + i, account);
        }
        Db.execute(pool, "UPDATE webhook_deliveries SET next_attempt_at = now() - interval '1 hour' WHERE task_id LIKE 'task_race_%'");
        var one = repository.claim("worker-one", 60, 40);
        var two = repository.claim("worker-two", 60, 40);
        var both = Uni.combine().all().unis(one, two).asTuple().await().atMost(Duration.ofSeconds(10));
        Set<Long> first = new HashSet<>(both.getItem1().stream().map(Delivery::id).toList());
        Set<Long> second = new HashSet<>(both.getItem2().stream().map(Delivery::id).toList());
        assertThat(first.size() + second.size()).isEqualTo(40);
        assertThat(java.util.Collections.disjoint(first, second)).isTrue();
        assertThat(repository.claim("worker-three", 60, 40).await().atMost(Duration.ofSeconds(10)))
                .as("leased deliveries are not claimed again").isEmpty();
    }

}
