package io.imagegate.task;

import io.imagegate.testing.Api.Customer;
import io.imagegate.testing.Api;
import io.imagegate.testing.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
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
 * Claims and lease renewals straight against Postgres, on a model no route serves, so the running dispatcher
 * leaves these tasks alone: the key's image budget, oldest first, failed routes avoided, later acceptances left
 * for the next sweep, renewals that never wait on a task another transaction holds, and the key's images in
 * flight following every change of its tasks.
 */
@QuarkusTest
class ClaimTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Inject
    TaskLifecycle lifecycle;

    private final String model = "claim-test-" + UUID.randomUUID();
    private final String key = "key-" + UUID.randomUUID();
    private Customer customer;

    @BeforeEach
    void newCustomer() {
        customer = Api.newCustomer(0);
    }

    @Test
    void takesTheOldestTasksThatFitTheKeysFreeImages() {
        String first = pending(4, 60);
        String second = pending(4, 50);
        pending(4, 40);
        inFlightOnKey(1);

        List<Task> claimed = claim("route-a", 10, Instant.now());

        assertThat(claimed).extracting(Task::id).containsExactlyInAnyOrder(first, second);
        assertThat(claimed).allSatisfy(task -> {
            assertThat(task.status()).isEqualTo(TaskStatus.IN_PROGRESS);
            assertThat(task.attempt()).isEqualTo(1);
        });
        assertThat(Db.count(pool, "SELECT count(*) FROM tasks WHERE model = $1 AND upstream_key = $2 AND "
                + "route_id = 'route-a' AND owner = 'claim-test' AND lease_until > now()", model, key)).isEqualTo(2);
        assertThat(claim("route-a", 10, Instant.now())).as("the key has 1 image free, the next task needs 4").isEmpty();
    }

    @Test
    void takesNothingWhenTheKeyIsFull() {
        pending(1, 60);
        inFlightOnKey(3);

        assertThat(claim("route-a", 3, Instant.now())).isEmpty();
        assertThat(claim("route-a", 4, Instant.now())).hasSize(1);
    }

    @Test
    void skipsTasksThatFailedOnTheRouteAndTasksAcceptedAfterTheSweepBegan() {
        String avoiding = pending(1, 60);
        Db.execute(pool, "UPDATE tasks SET avoid_routes = '{route-a}' WHERE id = $1", avoiding);
        Instant sweep = Instant.now().minusSeconds(30);
        pending(1, 10);

        assertThat(claim("route-a", 10, sweep)).isEmpty();
        assertThat(claim("route-b", 10, sweep)).extracting(Task::id).containsExactly(avoiding);
    }

    @Test
    void aSweepLooksOnlyAtModelsWithTasksWaitingSinceItBegan() {
        String later = "claim-test-" + UUID.randomUUID();
        String empty = "claim-test-" + UUID.randomUUID();
        pending(1, 60);
        String id = pending(1, 5);
        Db.execute(pool, "UPDATE tasks SET model = $2 WHERE id = $1", id, later);

        assertThat(lifecycle.waitingModels(List.of(model, later, empty), Instant.now().minusSeconds(30))
                .await().atMost(TIMEOUT)).containsExactly(model);
    }

    @Test
    void renewingExtendsTheOwnersLeasesAndSkipsATaskAnotherTransactionHolds() {
        String free = running("renew-owner");
        String held = running("renew-owner");
        String foreign = running("someone-else");
        pool.withTransaction(tx -> tx.preparedQuery("SELECT 1 FROM tasks WHERE id = $1 FOR UPDATE").execute(Tuple.of(held))
                        .chain(() -> lifecycle.renew(List.of(free, held, foreign), "renew-owner")))
                .await().atMost(TIMEOUT);

        assertThat(leaseSeconds(free)).as("renewed to the 30-s lease").isGreaterThan(20);
        assertThat(leaseSeconds(held)).as("held elsewhere: skipped, not waited for").isLessThan(10);
        assertThat(leaseSeconds(foreign)).as("another owner's task").isLessThan(10);
    }

    @Test
    void theKeysImagesInFlightFollowEveryChangeOfItsTasks() {
        String two = pending(2, 60);
        String three = pending(3, 50);
        String one = pending(1, 40);
        Map<String, Task> claimed = claim("route-a", 10, Instant.now()).stream()
                .collect(Collectors.toMap(Task::id, Function.identity()));
        assertThat(claimed).containsOnlyKeys(two, three, one);
        assertInFlight(6);

        assertThat(lifecycle.requeue(two, "claim-test", claimed.get(two).attempt(), null).await().atMost(TIMEOUT)).isTrue();
        assertInFlight(4);

        assertThat(lifecycle.finish(Finish.completed(three, "claim-test", claimed.get(three).attempt(), "{\"images\": []}", 0))
                .await().atMost(TIMEOUT)).isPresent();
        assertInFlight(1);

        Db.execute(pool, "UPDATE tasks SET lease_until = now() - interval '1 second' WHERE id = $1", one);
        lifecycle.rescueExpired().await().atMost(TIMEOUT);
        assertInFlight(0);

        String inserted = "claim-" + UUID.randomUUID();
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
    void manyChangesOnAKeyFoldIntoOneRowAndItsBudgetStillHolds() {
        for (int i = 0; i < 40; i++) {
            inFlightOnKey(1);
        }
        String oldest = pending(1, 60);
        pending(1, 50);

        assertThat(claim("route-a", 41, Instant.now())).extracting(Task::id).containsExactly(oldest);
        assertThat(Db.count(pool, "SELECT count(*) FROM in_flight_images WHERE upstream_key = $1", key))
                .as("the 40 changes folded into one row, beside the claim's own").isEqualTo(2);
        assertInFlight(41);
        assertThat(claim("route-a", 41, Instant.now())).as("the key is full").isEmpty();
    }

    private void assertInFlight(long images) {
        assertThat(Db.count(pool, "SELECT coalesce(sum(num_images), 0) FROM tasks WHERE status = 'in_progress' "
                + "AND upstream_key = $1", key)).as("running on the key").isEqualTo(images);
        assertThat(Db.count(pool, "SELECT images_in_flight($1)", key)).as("what a claim reads").isEqualTo(images);
    }

    private String running(String owner) {
        String id = pending(1, 5);
        Db.execute(pool, "UPDATE tasks SET status = 'in_progress', owner = $2, lease_until = now() + interval '5 seconds' "
                + "WHERE id = $1", id, owner);
        return id;
    }

    private long leaseSeconds(String id) {
        return Db.count(pool, "SELECT extract(epoch FROM lease_until - now())::bigint FROM tasks WHERE id = $1", id);
    }

    private List<Task> claim(String route, int budget, Instant acceptedBy) {
        return lifecycle.claim(model, route, key, budget, "claim-test", "sandbox", acceptedBy).await().atMost(TIMEOUT);
    }

    private String pending(int images, int ageSeconds) {
        String id = "claim-" + UUID.randomUUID();
        Db.execute(pool, """
                INSERT INTO tasks (id, account_id, api_key_id, model, operation, status, input, num_images,
                                   credits_reserved, created_at)
                VALUES ($1, $2, $3, $4, 'generate', 'pending', '{}', $5, 0, now() - make_interval(secs => $6))""",
                id, customer.accountId(), customer.keyId(), model, images, ageSeconds);
        return id;
    }

    private void inFlightOnKey(int images) {
        String id = pending(images, 120);
        Db.execute(pool, "UPDATE tasks SET status = 'in_progress', owner = 'elsewhere', upstream_key = $2, "
                + "lease_until = now() + interval '1 minute' WHERE id = $1", id, key);
    }
}
