package io.imagegate.task;

import io.imagegate.support.Api;
import io.imagegate.support.Api.Customer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the dispatcher's poll an hour away, a task left pending behind a full key starts as soon as the task
 * holding the key finishes: the finish itself wakes the dispatcher. The sandbox key takes one image at a time.
 */
@QuarkusTest
@TestProfile(DispatcherWakeTest.PollAnHourAway.class)
class DispatcherWakeTest {

    public static class PollAnHourAway implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("imagegate.sandbox.max-inflight-images", "1", "imagegate.dispatch.poll-interval", "1h");
        }
    }

    @Test
    void aTaskWaitingForAFullKeyStartsWhenTheTaskAheadFinishes() {
        Customer customer = Api.newCustomer(0);
        Response first = submit(customer, "holds the key [sandbox:delay=1s]");
        Response second = submit(customer, "waits for the key");
        assertThat(second.<String>path("data.status")).as("accepted behind a full key").isEqualTo("pending");

        JsonPath ahead = customer.terminal(first.path("data.task_id"));
        JsonPath behind = customer.terminal(second.path("data.task_id"), Duration.ofSeconds(10));
        assertThat(behind.getString("data.status")).isEqualTo("completed");
        assertThat(Instant.parse(behind.getString("data.started_at")))
                .as("started right after the key was freed")
                .isBetween(Instant.parse(ahead.getString("data.completed_at")),
                        Instant.parse(ahead.getString("data.completed_at")).plusSeconds(2));
    }

    private static Response submit(Customer customer, String prompt) {
        Response response = customer.submit("{\"model\": \"sandbox-image\", \"prompt\": \"" + prompt + "\"}");
        response.then().statusCode(202);
        return response;
    }
}
