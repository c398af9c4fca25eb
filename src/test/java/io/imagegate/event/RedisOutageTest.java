package io.imagegate.event;

import io.imagegate.testing.Api;
import io.imagegate.testing.Api.Customer;
import io.imagegate.testing.Db;
import io.imagegate.testing.RedisUnreachable;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Redis is never the source of truth: without it tasks still run, bill, and can be polled and awaited. */
@QuarkusTest
@TestProfile(RedisUnreachable.class)
class RedisOutageTest {

    @Inject
    Pool pool;

    @Test
    void tasksCompleteAndEventsWaitInTheOutbox() {
        Customer customer = Api.newCustomer(20);
        String taskId = customer.accepted("{\"prompt\": \"no redis [sandbox:delay=300ms]\"}");

        long started = System.nanoTime();
        JsonPath task = customer.request().queryParam("wait", 10).get("/api/v1/tasks/" + taskId)
                .then().statusCode(200).extract().jsonPath();
        assertThat(task.getString("data.status")).isEqualTo("completed");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
        assertThat(customer.balance()).isEqualTo(12);

        assertThat(Db.count(pool, "SELECT count(*) FROM task_events WHERE task_id = $1", taskId))
                .as("the event is kept until Redis takes it").isEqualTo(1);
    }

    /** The revocation's announcement on Redis fails; this replica refuses the key at once and the admin is answered. */
    @Test
    void aKeyRevokedWhileRedisIsAwayIsRefusedHereAndTheReplicaStaysReady() {
        Customer customer = Api.newCustomer(10);
        customer.request().get("/api/v1/billing/credits").then().statusCode(200);

        long started = System.nanoTime();
        Api.admin().delete("/admin/v1/keys/" + customer.keyId()).then().statusCode(204);
        assertThat((System.nanoTime() - started) / 1_000_000).as("the announcement gives up within its second")
                .isLessThan(3_000);
        customer.request().get("/api/v1/billing/credits").then().statusCode(401);
        given().get("/q/health/ready").then().statusCode(200);
    }
}
