package io.imagegate.task;

import io.imagegate.testing.Api;
import io.imagegate.testing.Api.Customer;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class TaskAccessTest {

    @Test
    void anotherAccountsTaskDoesNotExistForYou() {
        Customer owner = Api.newCustomer(100);
        Customer other = Api.newCustomer(100);
        String taskId = owner.accepted("{\"prompt\": \"mine\"}");
        other.request().get("/api/v1/tasks/" + taskId).then().statusCode(404).body("error.type", equalTo("not_found"));
        other.request().get("/api/v1/tasks/" + taskId + "?wait=1").then().statusCode(404);
        other.request().delete("/api/v1/tasks/" + taskId).then().statusCode(404);
        other.request().get("/api/v1/tasks").then().statusCode(200).body("data.items.size()", equalTo(0));
        other.request().get("/api/v1/usage").then().statusCode(200).body("data.items.size()", equalTo(0));
        owner.request().get("/api/v1/tasks/" + taskId).then().statusCode(200);
    }

    @Test
    void listsPageNewestFirstWithACursor() {
        Customer customer = Api.newCustomer(1000);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(customer.accepted("{\"model\": \"sandbox-image\", \"prompt\": \"task " + i + "\"}"));
        }
        customer.accepted("{\"model\": \"ideogram-v3-turbo\", \"prompt\": \"other model\"}");
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = customer.request().queryParam("limit", 2).queryParam("model", "sandbox-image");
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get("/api/v1/tasks").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("data.items.task_id", String.class));
            cursor = page.getString("data.next_cursor");
        } while (cursor != null);
        java.util.Collections.reverse(ids);
        assertThat(seen).containsExactlyElementsOf(ids);
        customer.request().queryParam("status", "weird").get("/api/v1/tasks").then().statusCode(400)
                .body("error.param", equalTo("status"));
        customer.request().queryParam("limit", 0).get("/api/v1/tasks").then().statusCode(400)
                .body("error.param", equalTo("limit"));
        customer.request().queryParam("cursor", "garbage").get("/api/v1/tasks").then().statusCode(400)
                .body("error.param", equalTo("cursor"));
    }

    @Test
    void usageListsWhatEachTaskCost() {
        Customer customer = Api.newCustomer(100);
        String done = customer.accepted("{\"prompt\": \"fine\", \"n\": 2}");
        String failed = customer.accepted("{\"prompt\": \"broken [sandbox:fail]\"}");
        customer.terminal(done);
        customer.terminal(failed);
        var usage = customer.request().get("/api/v1/usage").then().statusCode(200).extract().jsonPath();
        assertThat(usage.getList("data.items.task_id", String.class)).containsExactly(failed, done);
        assertThat(usage.getInt("data.items[1].credits_consumed")).isEqualTo(16);
        assertThat(usage.getInt("data.items[0].credits_consumed")).isZero();
        assertThat(usage.getString("data.items[0].key_id")).isEqualTo(customer.keyId());
        customer.request().queryParam("from", "2999-01-01T00:00:00Z").get("/api/v1/usage").then().statusCode(200)
                .body("data.items.size()", equalTo(0));
        customer.request().queryParam("from", "yesterday").get("/api/v1/usage").then().statusCode(400)
                .body("error.param", equalTo("from"));
    }
}
