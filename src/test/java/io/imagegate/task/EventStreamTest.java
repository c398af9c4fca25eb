package io.imagegate.task;

import io.imagegate.testing.Api;
import io.imagegate.testing.Api.Customer;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class EventStreamTest {

    @Test
    void streamsEachStatusChangeAndEndsAfterTheTerminalOne() {
        Customer customer = Api.newCustomer(20);
        String taskId = customer.accepted("{\"prompt\": \"streamed [sandbox:delay=2500ms]\"}");
        String stream = customer.request().accept("text/event-stream").get("/api/v1/tasks/" + taskId + "/events")
                .then().statusCode(200).extract().asString();
        List<String> statuses = Arrays.stream(stream.split("\n"))
                .filter(line -> line.startsWith("data:"))
                .map(line -> new io.vertx.core.json.JsonObject(line.substring(5).trim()).getString("status"))
                .toList();
        assertThat(statuses).last().isEqualTo("completed");
        assertThat(statuses).doesNotHaveDuplicates().containsSubsequence("in_progress", "completed");
    }

    @Test
    void anotherAccountsTaskIsNotFound() {
        String taskId = Api.newCustomer(20).accepted("{\"prompt\": \"mine\"}");
        Api.newCustomer(20).request().accept("text/event-stream").get("/api/v1/tasks/" + taskId + "/events")
                .then().statusCode(404);
    }
}
