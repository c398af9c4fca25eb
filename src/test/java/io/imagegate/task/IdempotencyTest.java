package io.imagegate.task;

import io.imagegate.testing.Api;
import io.imagegate.testing.Api.Customer;
import io.imagegate.testing.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class IdempotencyTest {

    private static final String BODY = """
            {"model": "ideogram-v3-turbo", "prompt": "a red kite", "aspect_ratio": "1:1"}""";

    @Inject
    Pool pool;

    @Inject
    IdempotencyPruner pruner;

    @Test
    void aReplayReturnsTheFirstAnswerAndChargesOnce() {
        Customer customer = Api.newCustomer(100);
        Response first = submit(customer, "replay-1", BODY);
        first.then().statusCode(202);
        for (int i = 0; i < 5; i++) {
            Response again = submit(customer, "replay-1", BODY);
            again.then().statusCode(202);
            assertThat(again.<String>path("data.task_id")).isEqualTo(first.path("data.task_id"));
            assertThat(again.<String>path("data.created_at")).isEqualTo(first.path("data.created_at"));
        }
        customer.terminal(first.path("data.task_id"));
        assertThat(Db.count(pool, "SELECT count(*) FROM tasks WHERE account_id = $1", customer.accountId())).isEqualTo(1);
        assertThat(customer.balance()).isEqualTo(92);
    }

    @Test
    void theSameSpellingOfTheSameRequestIsAReplay() {
        Customer customer = Api.newCustomer(100);
        String first = submit(customer, "spelling", BODY).path("data.task_id");
        String again = submit(customer, "spelling", BODY.replace("1:1", "1x1")).path("data.task_id");
        assertThat(again).isEqualTo(first);
    }

    @Test
    void aDifferentBodyIsAConflictAndWritesNothing() {
        Customer customer = Api.newCustomer(100);
        submit(customer, "conflict-1", BODY).then().statusCode(202);
        submit(customer, "conflict-1", BODY.replace("red", "blue")).then()
                .statusCode(409)
                .body("error.type", equalTo("idempotency_conflict"));
        assertThat(Db.count(pool, "SELECT count(*) FROM tasks WHERE account_id = $1", customer.accountId())).isEqualTo(1);
    }

    @Test
    void keysAreScopedToTheApiKey() {
        String account = Api.newAccount(100);
        Customer one = Api.newKey(account, Map.of());
        Customer two = Api.newKey(account, Map.of());
        Customer stranger = Api.newCustomer(100);
        String a = submit(one, "shared", BODY).path("data.task_id");
        String b = submit(two, "shared", BODY).path("data.task_id");
        String c = submit(stranger, "shared", BODY).path("data.task_id");
        assertThat(List.of(a, b, c)).doesNotHaveDuplicates();
    }

    @Test
    void concurrentDuplicatesCreateOneTask() throws Exception {
        Customer customer = Api.newCustomer(100);
        ExecutorService clients = Executors.newFixedThreadPool(25);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                answers.add(clients.submit(() -> submit(customer, "burst", BODY)));
            }
            String taskId = null;
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                assertThat(response.statusCode()).isEqualTo(202);
                taskId = taskId == null ? response.path("data.task_id") : taskId;
                assertThat(response.<String>path("data.task_id")).isEqualTo(taskId);
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(Db.count(pool, "SELECT count(*) FROM tasks WHERE account_id = $1", customer.accountId())).isEqualTo(1);
        assertThat(Db.count(pool, "SELECT count(*) FROM ledger_entries WHERE account_id = $1 AND kind = 'reserve'",
                customer.accountId())).isEqualTo(1);
    }

    @Test
    void aShortBalanceIsNotRemembered() {
        Customer customer = Api.newCustomer(5);
        submit(customer, "retry-after-top-up", BODY).then().statusCode(402);
        Api.admin().body(Map.of("amount", 10, "reason", "top-up")).post("/admin/v1/accounts/" + customer.accountId() + "/credits")
                .then().statusCode(200);
        submit(customer, "retry-after-top-up", BODY).then().statusCode(202);
    }

    @Test
    void answersOlderThanTheRetentionArePrunedAndTheKeyIsFreeAgain() {
        Customer customer = Api.newCustomer(100);
        String first = submit(customer, "old-key", BODY).path("data.task_id");
        Db.execute(pool, "UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'old-key'");
        assertThat(pruner.prune().await().atMost(java.time.Duration.ofSeconds(10))).isGreaterThanOrEqualTo(1);
        assertThat(Db.count(pool, "SELECT count(*) FROM idempotency_keys WHERE key = 'old-key'")).isZero();
        String second = submit(customer, "old-key", BODY.replace("red", "green")).path("data.task_id");
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void malformedKeysAreRefused() {
        Customer customer = Api.newCustomer(100);
        submit(customer, "x".repeat(256), BODY).then().statusCode(400).body("error.param", equalTo("Idempotency-Key"));
        submit(customer, "has space", BODY).then().statusCode(400).body("error.param", equalTo("Idempotency-Key"));
        assertThat(Db.count(pool, "SELECT count(*) FROM tasks WHERE account_id = $1", customer.accountId())).isZero();
    }

    private static Response submit(Customer customer, String key, String body) {
        return customer.request().header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/api/v1/images/generations");
    }
}
