package io.imagegate.ops;

import io.imagegate.testing.Api;
import io.imagegate.testing.Api.Customer;
import io.imagegate.testing.TcpProxy;
import io.imagegate.testing.ThroughProxies;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Postgres or Redis going away mid-run: clear 503s and no hang without Postgres, no difference without Redis. */
@QuarkusTest
@TestProfile(ThroughProxies.class)
class OutageTest {

    @AfterEach
    void restore() {
        TcpProxy.restore("postgres");
        TcpProxy.restore("redis");
    }

    @Test
    void withoutPostgresSubmissionsAre503QuicklyAndNothingAcceptedIsLost() throws InterruptedException {
        Customer customer = Api.newCustomer(100);
        String before = customer.accepted("{\"prompt\": \"accepted before [sandbox:delay=1500ms]\"}");
        TcpProxy.cut("postgres");
        Thread.sleep(200);
        long started = System.nanoTime();
        customer.submit("{\"prompt\": \"during\"}").then().statusCode(503)
                .body("error.type", equalTo("unavailable")).header("Retry-After", "5");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
        TcpProxy.restore("postgres");
        JsonPath task = customer.terminal(before, Duration.ofSeconds(60));
        assertThat(task.getString("data.status")).isEqualTo("completed");
        assertThat(customer.terminal(customer.accepted("{\"prompt\": \"after\"}")).getString("data.status"))
                .isEqualTo("completed");
    }

    @Test
    void withoutRedisTasksCompleteAndPollingWorks() {
        Customer customer = Api.newCustomer(100);
        TcpProxy.cut("redis");
        String taskId = customer.accepted("{\"prompt\": \"no redis [sandbox:delay=300ms]\"}");
        long started = System.nanoTime();
        JsonPath task = customer.request().queryParam("wait", 15).get("/api/v1/tasks/" + taskId)
                .then().statusCode(200).extract().jsonPath();
        assertThat(task.getString("data.status")).isEqualTo("completed");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(8_000);
        assertThat(customer.balance()).isEqualTo(92);
    }
}
