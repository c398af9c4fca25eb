package io.imagegate.auth;

import io.imagegate.config.ImagegateConfig;
import io.imagegate.testing.Api;
import io.imagegate.testing.Api.Customer;
import io.imagegate.testing.Db;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;

@QuarkusTest
class AuthTest {

    private static final String BODY = "{\"prompt\": \"p\"}";

    @Inject
    Pool pool;

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    ImagegateConfig config;

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer", "Bearer ", "Bearer nonsense", "Basic dXNlcjpwYXNz",
            "Bearer ig_AAAAAAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"})
    void refusesMissingMalformedAndUnknownKeys(String authorization) {
        given().header("Authorization", authorization).contentType("application/json").body(BODY)
                .post("/api/v1/images/generations").then()
                .statusCode(401)
                .body("error.type", equalTo("invalid_api_key"));
    }

    @Test
    void refusesAKeyWithTheRightLookupAndAWrongSecret() {
        Customer customer = Api.newCustomer(10);
        String forged = customer.key().substring(0, customer.key().length() - 4) + "AAAA";
        given().header("Authorization", "Bearer " + forged).get("/api/v1/billing/credits").then().statusCode(401);
    }

    @Test
    void acceptsTheIdeogramHeaderToo() {
        Customer customer = Api.newCustomer(10);
        given().header("Api-Key", customer.key()).get("/api/v1/billing/credits").then().statusCode(200)
                .body("data.balance", equalTo(10));
    }

    @Test
    void aKeyRevokedByAnotherReplicaIsRefusedHereWithinASecond() {
        Customer customer = Api.newCustomer(10);
        customer.request().get("/api/v1/billing/credits").then().statusCode(200);

        // What another replica's revocation does: the row in Postgres, then the key's lookup announced on Redis.
        String lookup = Db.rows(pool, "UPDATE api_keys SET revoked_at = now() WHERE id = $1 RETURNING lookup",
                customer.keyId()).get(0).getString(0);
        customer.request().get("/api/v1/billing/credits").then().statusCode(200);
        redis.pubsub(String.class).publish(config.redis().prefix() + "keys:revoked", lookup).await().atMost(Duration.ofSeconds(2));

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> customer.request().get("/api/v1/billing/credits").statusCode() == 401);
    }

    @Test
    void aRevocationIsAnnouncedToTheOtherReplicas() {
        Customer customer = Api.newCustomer(10);
        List<String> announced = new CopyOnWriteArrayList<>();
        var subscriber = redis.pubsub(String.class).subscribe(config.redis().prefix() + "keys:revoked", announced::add)
                .await().atMost(Duration.ofSeconds(2));
        try {
            Api.admin().delete("/admin/v1/keys/" + customer.keyId()).then().statusCode(204);
            String lookup = Db.rows(pool, "SELECT lookup FROM api_keys WHERE id = $1", customer.keyId()).get(0).getString(0);
            await().atMost(Duration.ofSeconds(2)).until(() -> announced.contains(lookup));
        } finally {
            subscriber.unsubscribe().await().atMost(Duration.ofSeconds(2));
        }
    }

    @Test
    void aRevokedKeyIsRefusedOnTheNextRequest() {
        Customer customer = Api.newCustomer(10);
        customer.request().get("/api/v1/billing/credits").then().statusCode(200);
        Api.admin().delete("/admin/v1/keys/" + customer.keyId()).then().statusCode(204);
        customer.request().get("/api/v1/billing/credits").then().statusCode(401);
        Api.admin().get("/admin/v1/accounts/" + customer.accountId() + "/keys").then().statusCode(200)
                .body("[0].revoked_at", org.hamcrest.Matchers.notNullValue());
        Api.admin().delete("/admin/v1/keys/key_missing").then().statusCode(404);
    }

    @Test
    void anExpiredKeyIsRefused() {
        String account = Api.newAccount(10);
        Customer customer = Api.newKey(account, Map.of("expires_at", Instant.now().plusSeconds(1).toString()));
        customer.request().get("/api/v1/billing/credits").then().statusCode(200);
        await().atMost(Duration.ofSeconds(3))
                .until(() -> customer.request().get("/api/v1/billing/credits").statusCode() == 401);
    }

    @Test
    void aKeyLimitedToModelsCannotUseOthers() {
        String account = Api.newAccount(100);
        Customer customer = Api.newKey(account, Map.of("allowed_models", List.of("sandbox-image")));
        customer.submit("{\"model\": \"sandbox-image\", \"prompt\": \"p\"}").then().statusCode(202);
        customer.submit(BODY).then().statusCode(403)
                .body("error.type", equalTo("forbidden"))
                .body("error.param", equalTo("model"));
        customer.request().get("/api/v1/models").then().statusCode(200)
                .body("data.size()", equalTo(1))
                .body("data[0].id", equalTo("sandbox-image"));
    }

    @Test
    void keysAreShownOnceAndStoredOnlyAsAHash() {
        Customer customer = Api.newCustomer(10);
        Api.admin().get("/admin/v1/accounts/" + customer.accountId() + "/keys").then().statusCode(200)
                .body("[0]", not(hasKey("key")));
        String secret = customer.key().substring(customer.key().lastIndexOf('_') + 1);
        assertThat(Db.count(pool, "SELECT count(*) FROM api_keys WHERE id::text || name || lookup || encode(secret_hash, 'escape') LIKE $1",
                "%" + secret + "%")).isZero();
        assertThat(Db.count(pool, "SELECT count(*) FROM api_keys WHERE id = $1 AND length(secret_hash) = 32",
                customer.keyId())).isEqualTo(1);
    }

    @Test
    void theAdminApiNeedsTheAdminToken() {
        given().contentType("application/json").body(Map.of("name", "x")).post("/admin/v1/accounts").then()
                .statusCode(401).body("error.type", equalTo("invalid_admin_token"));
        given().header("Authorization", "Bearer wrong").get("/admin/v1/models").then().statusCode(401);
        Customer customer = Api.newCustomer(10);
        customer.request().get("/admin/v1/models").then().statusCode(401);
    }
}
