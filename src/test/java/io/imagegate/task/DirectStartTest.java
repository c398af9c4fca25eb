package io.imagegate.task;

import io.imagegate.testing.Api;
import io.imagegate.testing.Api.Customer;
import io.imagegate.testing.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A task whose lane has room starts in the transaction that accepts it; one whose key is full, or whose model
 * already has tasks waiting, is accepted pending and claimed by the dispatcher. The sandbox key takes one image
 * at a time here, and the dispatcher's poll is an hour away: what starts a pending task is the submission or the
 * finish that wakes the dispatcher, never its timer.
 */
@QuarkusTest
@TestProfile(DirectStartTest.OneSandboxImage.class)
class DirectStartTest {

    public static class OneSandboxImage implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("imagegate.sandbox.max-inflight-images", "1", "imagegate.dispatch.poll-interval", "1h");
        }
    }

    private static final String ROUTE = "sandbox-image.sandbox";

    @Inject
    Pool pool;

    private Customer customer;

    @BeforeEach
    void idleSandbox() throws InterruptedException {
        customer = Api.newCustomer(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> Db.count(pool, """
                SELECT count(*) FROM tasks WHERE (status = 'in_progress' AND upstream_key = 'sandbox:local')
                                              OR (status = 'pending' AND model = 'sandbox-image')""") == 0);
    }

    @Test
    void aTaskWhoseKeyHasRoomIsInProgressWhenAccepted() {
        Response submitted = submit("starts at once [sandbox:delay=1s]");
        submitted.then().statusCode(202);
        assertThat(submitted.<String>path("data.status")).isEqualTo("in_progress");

        Row row = Db.rows(pool, "SELECT owner, attempt, route_id, upstream_key, lease_until > now() AS leased, started_at "
                + "FROM tasks WHERE id = $1", submitted.<String>path("data.task_id")).get(0);
        assertThat(row.getString("owner")).isNotNull();
        assertThat(row.getInteger("attempt")).isEqualTo(1);
        assertThat(row.getString("route_id")).isEqualTo(ROUTE);
        assertThat(row.getString("upstream_key")).isEqualTo("sandbox:local");
        assertThat(row.getBoolean("leased")).isTrue();
        assertThat(row.getOffsetDateTime("started_at")).isNotNull();
        assertThat(customer.terminal(submitted.path("data.task_id")).getString("data.status")).isEqualTo("completed");
    }

    @Test
    void aTaskWhoseKeyIsFullWaitsForTheImageAheadOfIt() {
        Response first = submit("holds the key [sandbox:delay=1500ms]");
        Response second = submit("waits");
        assertThat(first.<String>path("data.status")).isEqualTo("in_progress");
        assertThat(second.<String>path("data.status")).isEqualTo("pending");

        JsonPath ahead = customer.terminal(first.path("data.task_id"));
        JsonPath behind = customer.terminal(second.path("data.task_id"), Duration.ofSeconds(10));
        assertThat(behind.getString("data.status")).isEqualTo("completed");
        Instant freed = Instant.parse(ahead.getString("data.completed_at"));
        assertThat(Instant.parse(behind.getString("data.started_at")))
                .as("started by the dispatcher, woken by the finish, once the key was free")
                .isBetween(freed, freed.plusSeconds(2));
    }

    @Test
    void aNewTaskDoesNotOvertakeOneOfItsModelThatWaits() {
        String waiting = "task_waiting_" + System.nanoTime();
        Db.execute(pool, """
                INSERT INTO tasks (id, account_id, api_key_id, model, operation, status, input, num_images,
                                   credits_reserved, avoid_routes)
                VALUES ($1, $2, $3, 'sandbox-image', 'generate', 'pending', '{"prompt": "waits for another route"}', 1,
                        0, ARRAY[$4])""", waiting, customer.accountId(), customer.keyId(), ROUTE);
        try {
            Response submitted = submit("behind a waiting task");
            assertThat(submitted.<String>path("data.status")).isEqualTo("pending");
            assertThat(customer.terminal(submitted.path("data.task_id")).getString("data.status"))
                    .as("the dispatcher still runs it").isEqualTo("completed");
        } finally {
            Db.execute(pool, "DELETE FROM tasks WHERE id = $1", waiting);
        }
    }

    private Response submit(String prompt) {
        return customer.submit("{\"model\": \"sandbox-image\", \"prompt\": \"" + prompt + "\"}");
    }
}
