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

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@TestProfile(ThroughProxies.class)
class HealthTest {

    @AfterEach
    void restore() {
        TcpProxy.restore("postgres");
        TcpProxy.restore("redis");
    }

    @Test
    void readyWithBothStoresAndEveryModelRouted() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'postgres' }.status", equalTo("UP"));
        given().get("/q/health/well").then().statusCode(200)
                .body("checks.find { it.name == 'routes' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'redis' }.status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void withoutRedisTheReplicaStaysReadyAndTasksComplete() {
        TcpProxy.cut("redis");
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/q/health/well").statusCode() == 503);
        given().get("/q/health/well").then().body("checks.find { it.name == 'redis' }.status", equalTo("DOWN"));
        given().get("/q/health/ready").then().statusCode(200);

        Customer customer = Api.newCustomer(20);
        JsonPath task = customer.terminal(customer.accepted("{\"prompt\": \"while redis is away\"}"));
        assertThat(task.getString("data.status")).isEqualTo("completed");
        given().get("/q/health/ready").then().statusCode(200);
        TcpProxy.restore("redis");
        await().atMost(Duration.ofSeconds(20)).until(() -> given().get("/q/health/well").statusCode() == 200);
    }

    @Test
    void notReadyWhilePostgresIsGoneAndReadyAfter() throws InterruptedException {
        TcpProxy.cut("postgres");
        awaitReadiness(503);
        given().get("/q/health/live").then().statusCode(200);
        TcpProxy.restore("postgres");
        awaitReadiness(200);
    }

    private static void awaitReadiness(int status) throws InterruptedException {
        await().alias("readiness " + status).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().get("/q/health/ready").statusCode() == status);
    }
}
