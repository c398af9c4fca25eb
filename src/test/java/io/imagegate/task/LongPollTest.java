package io.imagegate.task;

import io.imagegate.testing.Api;
import io.imagegate.testing.Api.Customer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class LongPollTest {

    @Test
    void aWaitIsAnsweredAsSoonAsTheTaskEnds() {
        Customer customer = Api.newCustomer(10);
        String taskId = customer.accepted("{\"prompt\": \"slow [sandbox:delay=1500ms]\"}");
        long started = System.nanoTime();
        JsonPath task = customer.request().queryParam("wait", 20).get("/api/v1/tasks/" + taskId)
                .then().statusCode(200).extract().jsonPath();
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(task.getString("data.status")).isEqualTo("completed");
        assertThat(millis).isBetween(1_000L, 6_000L);
    }

    @Test
    void withoutWaitTheAnswerIsImmediate() {
        Customer customer = Api.newCustomer(10);
        String taskId = customer.accepted("{\"prompt\": \"slow [sandbox:delay=3s]\"}");
        customer.request().get("/api/v1/tasks/" + taskId).then().statusCode(200)
                .body("data.status", org.hamcrest.Matchers.oneOf("pending", "in_progress"));
    }

    @Test
    void theWaitIsBounded() {
        Customer customer = Api.newCustomer(10);
        String taskId = customer.accepted("{\"prompt\": \"p\"}");
        customer.request().queryParam("wait", 61).get("/api/v1/tasks/" + taskId).then().statusCode(400)
                .body("error.param", equalTo("wait"));
        customer.request().queryParam("wait", "soon").get("/api/v1/tasks/" + taskId).then().statusCode(400)
                .body("error.param", equalTo("wait"));
    }
}
