package io.imagegate.ops;

import io.imagegate.support.TcpProxy;
import io.imagegate.support.ThroughProxies;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
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
                .body("checks.find { it.name == 'routes' }.status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void notReadyWhileRedisIsGoneAndReadyAfter() throws InterruptedException {
        TcpProxy.cut("redis");
        awaitReadiness(503);
        given().get("/q/health/live").then().statusCode(200);
        TcpProxy.restore("redis");
        awaitReadiness(200);
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
        Instant deadline = Instant.now().plusSeconds(20);
        int last = -1;
        while (Instant.now().isBefore(deadline)) {
            last = given().get("/q/health/ready").statusCode();
            if (last == status) {
                return;
            }
            Thread.sleep(200);
        }
        assertThat(last).as("readiness status").isEqualTo(status);
    }
}
