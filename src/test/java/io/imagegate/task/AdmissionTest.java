package io.imagegate.task;

import io.imagegate.testing.Api.Customer;
import io.imagegate.testing.Api;
import io.imagegate.testing.Backpressure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Work the gateway will not take on: past an account's concurrency cap, or past the pending backlog bound. */
@QuarkusTest
@TestProfile(Backpressure.class)
class AdmissionTest {

    @Test
    void anAccountAtItsConcurrencyCapGets429UntilATaskEnds() {
        Customer customer = Api.newCustomer(100);
        Api.admin().body(Map.of("max_concurrent_tasks", 2)).put("/admin/v1/accounts/" + customer.accountId() + "/limits")
                .then().statusCode(200).body("max_concurrent_tasks", equalTo(2));
        String first = customer.accepted("{\"model\": \"sandbox-image\", \"prompt\": \"1\"}");
        customer.accepted("{\"model\": \"sandbox-image\", \"prompt\": \"2\"}");
        customer.submit("{\"model\": \"sandbox-image\", \"prompt\": \"3\"}").then().statusCode(429)
                .body("error.type", equalTo("rate_limited")).header("Retry-After", "1");
        customer.request().delete("/api/v1/tasks/" + first).then().statusCode(200);
        customer.accepted("{\"model\": \"sandbox-image\", \"prompt\": \"3 again\"}");

        Customer other = Api.newCustomer(100);
        await("past 3 pending tasks the gateway sheds load").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> other.submit("{\"model\": \"sandbox-image\", \"prompt\": \"more\"}").statusCode() == 503);
        other.submit("{\"model\": \"sandbox-image\", \"prompt\": \"more\"}").then().statusCode(503)
                .body("error.type", equalTo("overloaded")).header("Retry-After", "5");
    }
}
