package io.imagegate.task;

import io.imagegate.support.Api;
import io.imagegate.support.Api.Customer;
import io.imagegate.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task that runs several times longer than its lease keeps it: the replica running it renews the lease, so
 * the rescue sweep never hands it to another attempt. Short tasks are not renewed at all (not visible here).
 */
@QuarkusTest
@TestProfile(LeaseRenewalTest.ShortLease.class)
class LeaseRenewalTest {

    public static class ShortLease implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("imagegate.dispatch.lease", "1200ms", "imagegate.dispatch.rescue-interval", "200ms");
        }
    }

    @Inject
    Pool pool;

    @Test
    void aTaskLongerThanItsLeaseCompletesOnItsFirstAttempt() {
        Customer customer = Api.newCustomer(0);
        String taskId = customer.accepted("{\"model\": \"sandbox-image\", \"prompt\": \"outlives its lease [sandbox:delay=4s]\"}");

        JsonPath task = customer.terminal(taskId);

        assertThat(task.getString("data.status")).isEqualTo("completed");
        assertThat(Db.count(pool, "SELECT attempt FROM tasks WHERE id = $1", taskId))
                .as("never rescued and sent again").isEqualTo(1);
    }
}
