package io.imagegate.task;

import io.imagegate.testing.Api;
import io.imagegate.testing.Api.Customer;
import io.imagegate.testing.Db;
import io.imagegate.testing.Fake;
import io.imagegate.testing.FakeUpstreamsResource;
import io.imagegate.testing.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A task that runs several times longer than its lease keeps it: the replica running it renews the lease, so
 * the rescue sweep never hands it to another attempt. Short tasks are not renewed at all (not visible here). When
 * the lease does lapse, the replica that still runs the call keeps that one call if it claims the task back, and
 * drops it once another replica has the task.
 */
@QuarkusTest
@TestProfile(LeaseRenewalTest.ShortLease.class)
class LeaseRenewalTest {

    public static class ShortLease implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("imagegate.dispatch.lease", "1200ms", "imagegate.dispatch.rescue-interval", "200ms",
                    "imagegate.dispatch.poll-interval", "100ms");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FakeUpstreamsResource.class));
        }
    }

    @Inject
    Pool pool;

    @BeforeEach
    void healthyUpstream() {
        Fake.reset("a");
    }

    @Test
    void aTaskLongerThanItsLeaseCompletesOnItsFirstAttempt() {
        Customer customer = Api.newCustomer(0);
        String taskId = customer.accepted("{\"model\": \"sandbox-image\", \"prompt\": \"outlives its lease [sandbox:delay=4s]\"}");

        JsonPath task = customer.terminal(taskId);

        assertThat(task.getString("data.status")).isEqualTo("completed");
        assertThat(Db.count(pool, "SELECT attempt FROM tasks WHERE id = $1", taskId))
                .as("never rescued and sent again").isEqualTo(1);
    }

    @Test
    void aTaskClaimedBackWhileItsCallRunsKeepsThatOneCall() {
        Customer customer = Api.newCustomer(100);
        String taskId = callingSlowUpstream(customer, 2_500);

        Db.execute(pool, "UPDATE tasks SET status = 'pending', owner = NULL, lease_until = NULL, route_id = NULL, "
                + "upstream_key = NULL WHERE id = $1", taskId);
        JsonPath task = customer.terminal(taskId);

        assertThat(task.getString("data.status")).isEqualTo("completed");
        assertThat(Db.count(pool, "SELECT attempt FROM tasks WHERE id = $1", taskId)).isEqualTo(2);
        assertThat(Fake.requests("a")).as("the upstream was called once").hasSize(1);
        assertThat(given().get("/q/metrics").asString()).contains("imagegate_tasks_lease_lapsed_total{how=\"claimed_back\"}");
        assertThat(customer.balance()).isEqualTo(100 - 8);
        assertThat(Db.ledgerViolations(pool)).isEmpty();
        assertThat(Db.inFlightViolations(pool)).isEmpty();
    }

    @Test
    void aTaskAnotherReplicaTookOverIsDroppedHereAndNeverWrittenByThisReplica() {
        Customer customer = Api.newCustomer(100);
        String taskId = callingSlowUpstream(customer, 3_000);

        try (LogCapture log = new LogCapture("io.imagegate.dispatch.Dispatcher")) {
            Db.execute(pool, "UPDATE tasks SET owner = 'other-replica', attempt = attempt + 1, "
                    + "lease_until = now() + interval '1 minute' WHERE id = $1", taskId);
            await().atMost(Duration.ofSeconds(3)).until(() -> log.lines().stream()
                    .anyMatch(line -> line.contains("task=" + taskId + " is no longer this replica's")));
        }
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> Db.count(pool,
                "SELECT attempt FROM tasks WHERE id = $1 AND owner = 'other-replica' AND status = 'in_progress'", taskId) == 2);
        assertThat(customer.reserved()).as("still held for the replica that runs it").isEqualTo(8);

        Db.execute(pool, "UPDATE tasks SET status = 'pending', owner = NULL, lease_until = NULL, route_id = NULL, "
                + "upstream_key = NULL WHERE id = $1", taskId);
        assertThat(customer.terminal(taskId).getString("data.status")).as("handed back, it runs here").isEqualTo("completed");
    }

    /** A task whose call to an upstream that answers after {@code latencyMillis} is under way. */
    private static String callingSlowUpstream(Customer customer, long latencyMillis) {
        Fake.latency("a", latencyMillis);
        String taskId = customer.accepted("{\"model\": \"ideogram-v3-turbo\", \"prompt\": \"slow upstream\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> Fake.requests("a").size() == 1);
        return taskId;
    }
}
