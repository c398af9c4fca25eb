package io.imagegate.task;

import io.imagegate.support.Api;
import io.imagegate.support.Api.Customer;
import io.imagegate.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an upstream key has in flight, as claims and submissions read it, follows every change of its tasks
 * (claim, finish, hand-back, lease rescue, operator SQL) and stays a short read however many changes it has seen.
 * On a model no route serves, so the running dispatcher leaves these tasks alone.
 */
@QuarkusTest
class InFlightImagesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Inject
    TaskLifecycle lifecycle;

    private final String model = "in-flight-test-" + UUID.randomUUID();
    private final String key = "key-" + UUID.randomUUID();
    private Customer customer;

    @BeforeEach
    void newCustomer() {
        customer = Api.newCustomer(0);
    }

    @Test
    void theKeysCountFollowsEveryChangeOfItsTasks() {
        pending("two", 2);
        pending("three", 3);
        pending("one", 1);
        Map<String, Task> claimed = claim(10).stream().collect(Collectors.toMap(t -> prompt(t.id()), Function.identity()));
        assertThat(claimed).containsOnlyKeys("two", "three", "one");
        assertInFlight(6);

        Task two = claimed.get("two");
        assertThat(lifecycle.requeue(two.id(), "in-flight-test", two.attempt(), null).await().atMost(TIMEOUT)).isTrue();
        assertInFlight(4);

        Task three = claimed.get("three");
        assertThat(lifecycle.finish(new Finish(three.id(), "in-flight-test", three.attempt(), true, "{\"images\": []}", null))
                .await().atMost(TIMEOUT)).isPresent();
        assertInFlight(1);

        Db.execute(pool, "UPDATE tasks SET lease_until = now() - interval '1 second' WHERE id = $1", claimed.get("one").id());
        lifecycle.rescueExpired().await().atMost(TIMEOUT);
        assertInFlight(0);

        String inserted = "in-flight-" + UUID.randomUUID();
        Db.execute(pool, """
                INSERT INTO tasks (id, account_id, api_key_id, model, operation, status, input, num_images,
                                   credits_reserved, owner, upstream_key, lease_until)
                VALUES ($1, $2, $3, $4, 'generate', 'in_progress', '{}', 4, 0, 'operator', $5, now() + interval '1 minute')""",
                inserted, customer.accountId(), customer.keyId(), model, key);
        assertInFlight(4);
        Db.execute(pool, "DELETE FROM tasks WHERE id = $1", inserted);
        assertInFlight(0);
    }

    @Test
    void manyChangesFoldIntoOneRowAndTheBudgetStillHolds() {
        for (int i = 0; i < 40; i++) {
            String id = pending("task " + i, 1);
            Db.execute(pool, "UPDATE tasks SET status = 'in_progress', owner = 'elsewhere', upstream_key = $2, "
                    + "lease_until = now() + interval '1 minute' WHERE id = $1", id, key);
        }
        pending("the last", 1);
        pending("over the budget", 1);

        assertThat(claim(41)).extracting(task -> prompt(task.id())).containsExactly("the last");
        assertThat(Db.count(pool, "SELECT count(*) FROM in_flight_images WHERE upstream_key = $1", key))
                .as("the 40 changes folded into one row, beside the claim's own").isEqualTo(2);
        assertInFlight(41);
        assertThat(claim(41)).as("the key is full").isEmpty();
    }

    private void assertInFlight(long images) {
        assertThat(Db.count(pool, "SELECT coalesce(sum(num_images), 0) FROM tasks WHERE status = 'in_progress' "
                + "AND upstream_key = $1", key)).as("running on the key").isEqualTo(images);
        assertThat(Db.count(pool, "SELECT images_in_flight($1)", key)).as("what a claim reads").isEqualTo(images);
    }

    private List<Task> claim(int budget) {
        return lifecycle.claim(model, "route-a", key, budget, "in-flight-test", "sandbox", Instant.now())
                .await().atMost(TIMEOUT);
    }

    private String prompt(String id) {
        return Db.rows(pool, "SELECT input->>'prompt' AS prompt FROM tasks WHERE id = $1", id).get(0).getString("prompt");
    }

    private String pending(String prompt, int images) {
        String id = "in-flight-" + UUID.randomUUID();
        Db.execute(pool, """
                INSERT INTO tasks (id, account_id, api_key_id, model, operation, status, input, num_images,
                                   credits_reserved, created_at)
                VALUES ($1, $2, $3, $4, 'generate', 'pending', jsonb_build_object('prompt', $5::text), $6, 0,
                        clock_timestamp() - interval '1 minute')""",
                id, customer.accountId(), customer.keyId(), model, prompt, images);
        return id;
    }
}
