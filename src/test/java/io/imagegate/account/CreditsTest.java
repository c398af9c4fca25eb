package io.imagegate.account;

import io.imagegate.testing.Api;
import io.imagegate.testing.Api.Customer;
import io.imagegate.testing.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class CreditsTest {

    @Inject
    Pool pool;

    @Test
    void aShortBalanceIs402AndWritesNothing() {
        Customer customer = Api.newCustomer(19);
        customer.submit("""
                {"model": "ideogram-v3-quality", "prompt": "p"}""").then()
                .statusCode(402)
                .body("error.type", equalTo("insufficient_credits"))
                .body("error.code", equalTo(402));
        assertThat(Db.count(pool, "SELECT count(*) FROM tasks WHERE account_id = $1", customer.accountId())).isZero();
        assertThat(Db.count(pool, "SELECT count(*) FROM ledger_entries WHERE account_id = $1", customer.accountId()))
                .isEqualTo(1);
        assertThat(customer.balance()).isEqualTo(19);
    }

    @Test
    void concurrentSubmissionsNeverOverspend() throws Exception {
        Customer customer = Api.newCustomer(120 * 8);
        ExecutorService clients = Executors.newFixedThreadPool(50);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Callable<Integer> submit = () -> customer.submit("""
                        {"prompt": "concurrent [sandbox:delay=200ms]"}""").statusCode();
                answers.add(clients.submit(submit));
            }
            int accepted = 0;
            int refused = 0;
            for (Future<Integer> answer : answers) {
                int status = answer.get();
                if (status == 202) {
                    accepted++;
                } else if (status == 402) {
                    refused++;
                }
                assertThat(customer.balance()).isGreaterThanOrEqualTo(0);
            }
            assertThat(accepted).isEqualTo(120);
            assertThat(refused).isEqualTo(80);
        } finally {
            clients.shutdownNow();
        }
        assertThat(customer.balance()).isZero();
        assertThat(Db.count(pool, "SELECT count(*) FROM tasks WHERE account_id = $1", customer.accountId())).isEqualTo(120);
        assertThat(Db.ledgerViolations(pool)).isEmpty();
    }

    @Test
    void theLedgerAccountsForEveryCreditAfterAMixedRun() throws Exception {
        List<Customer> customers = List.of(Api.newCustomer(100), Api.newCustomer(50), Api.newCustomer(8));
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 60; i++) {
                Customer customer = customers.get(i % customers.size());
                String prompt = i % 4 == 0 ? "fails [sandbox:fail]" : "works";
                answers.add(clients.submit(() -> customer.submit("{\"prompt\": \"" + prompt + "\"}")));
            }
            List<String> taskIds = new ArrayList<>();
            for (int i = 0; i < answers.size(); i++) {
                Response answer = answers.get(i).get();
                if (answer.statusCode() == 202) {
                    customers.get(i % customers.size()).terminal(answer.path("data.task_id"));
                    taskIds.add(answer.path("data.task_id"));
                }
            }
            assertThat(taskIds).isNotEmpty();
        } finally {
            clients.shutdownNow();
        }
        for (Customer customer : customers) {
            long captured = Db.count(pool, "SELECT coalesce(sum(credits_consumed), 0) FROM tasks WHERE account_id = $1",
                    customer.accountId());
            long initial = Db.count(pool, "SELECT sum(amount) FROM ledger_entries WHERE account_id = $1 AND kind = 'topup'",
                    customer.accountId());
            assertThat(customer.balance()).isEqualTo(initial - captured);
            assertThat(customer.reserved()).isZero();
        }
        assertThat(Db.ledgerViolations(pool)).isEmpty();
        assertThat(Db.inFlightViolations(pool)).isEmpty();
    }

    @Test
    void topUpsAndAdjustmentsAreLedgered() {
        String account = Api.newAccount(10);
        Api.admin().body(Map.of("amount", 25, "reason", "invoice 7")).post("/admin/v1/accounts/" + account + "/credits")
                .then().statusCode(200).body("balance", equalTo(35));
        Api.admin().body(Map.of("amount", -5, "reason", "goodwill reversal")).post("/admin/v1/accounts/" + account + "/credits")
                .then().statusCode(200).body("balance", equalTo(30));
        Api.admin().body(Map.of("amount", -31, "reason", "too much")).post("/admin/v1/accounts/" + account + "/credits")
                .then().statusCode(400).body("error.param", equalTo("amount"));
        Api.admin().body(Map.of("amount", 5)).post("/admin/v1/accounts/" + account + "/credits")
                .then().statusCode(400).body("error.param", equalTo("reason"));
        Api.admin().get("/admin/v1/accounts/" + account + "/ledger").then().statusCode(200)
                .body("items.size()", equalTo(3))
                .body("items[0].kind", equalTo("adjustment"))
                .body("items[0].amount", equalTo(-5))
                .body("items[0].reason", equalTo("goodwill reversal"))
                .body("items[2].kind", equalTo("topup"));
        Api.admin().get("/admin/v1/accounts/" + account).then().statusCode(200).body("balance", equalTo(30));
        Api.admin().get("/admin/v1/accounts/acct_missing").then().statusCode(404).body("error.type", equalTo("not_found"));
        assertThat(Db.ledgerViolations(pool)).isEmpty();
    }

    @Test
    void aPriceChangeAppliesToTheNextSubmission() {
        Customer customer = Api.newCustomer(100);
        Api.admin().body(Map.of("credits", 5)).put("/admin/v1/models/cogview-4").then().statusCode(200)
                .body("credits", equalTo(5));
        try {
            customer.submit("""
                    {"model": "cogview-4", "prompt": "p", "n": 2}""").then().statusCode(202)
                    .body("data.credits_reserved", equalTo(10));
        } finally {
            Api.admin().body(Map.of("credits", 4)).put("/admin/v1/models/cogview-4").then().statusCode(200);
        }
    }
}
