package io.imagegate.testing;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** What a client and an operator do over HTTP, in one place for every test. */
public final class Api {

    public static final String ADMIN_TOKEN = "test-admin-token";

    private Api() {
    }

    public record Customer(String accountId, String keyId, String key) {

        public RequestSpecification request() {
            return given().header("Authorization", "Bearer " + key);
        }

        public Response submit(String body) {
            return request().contentType(ContentType.JSON).body(body).post("/api/v1/images/generations");
        }

        /** Submits and returns the task id, failing the test unless the answer is 202. */
        public String accepted(String body) {
            return submit(body).then().statusCode(202).extract().path("data.task_id");
        }

        public JsonPath task(String taskId) {
            return request().get("/api/v1/tasks/" + taskId).then().statusCode(200).extract().jsonPath();
        }

        /** Long-polls until the task is terminal; fails the test after {@code limit}. */
        public JsonPath terminal(String taskId, Duration limit) {
            Instant deadline = Instant.now().plus(limit);
            while (Instant.now().isBefore(deadline)) {
                JsonPath task = request().queryParam("wait", 5).get("/api/v1/tasks/" + taskId)
                        .then().statusCode(200).extract().jsonPath();
                String status = task.getString("data.status");
                if (status.equals("completed") || status.equals("failed") || status.equals("canceled")) {
                    return task;
                }
            }
            throw new AssertionError("Task " + taskId + " did not end within " + limit);
        }

        public JsonPath terminal(String taskId) {
            return terminal(taskId, Duration.ofSeconds(30));
        }

        public long balance() {
            return request().get("/api/v1/billing/credits").then().statusCode(200).extract().jsonPath().getLong("data.balance");
        }

        public long reserved() {
            return request().get("/api/v1/billing/credits").then().statusCode(200).extract().jsonPath().getLong("data.reserved");
        }
    }

    public static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + ADMIN_TOKEN).contentType(ContentType.JSON);
    }

    public static String newAccount(long credits) {
        return admin().body(Map.of("name", "test account", "credits", credits)).post("/admin/v1/accounts")
                .then().statusCode(201).extract().path("id");
    }

    public static Customer newKey(String accountId, Map<String, ?> settings) {
        Map<String, Object> body = new java.util.HashMap<>(settings);
        body.putIfAbsent("name", "test key");
        JsonPath issued = admin().body(body).post("/admin/v1/accounts/" + accountId + "/keys")
                .then().statusCode(201).extract().jsonPath();
        String key = issued.getString("key");
        assertThat(key).startsWith("ig_");
        return new Customer(accountId, issued.getString("id"), key);
    }

    public static Customer newCustomer(long credits) {
        return newKey(newAccount(credits), Map.of());
    }
}
