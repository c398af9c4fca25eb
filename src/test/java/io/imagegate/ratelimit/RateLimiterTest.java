package io.imagegate.ratelimit;

import io.imagegate.auth.Caller;
import io.imagegate.config.ImagegateConfig;
import io.imagegate.error.ApiException;
import io.imagegate.ops.GatewayMetrics;
import io.imagegate.testing.Api.Customer;
import io.imagegate.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class RateLimiterTest {

    @Inject
    Vertx vertx;

    @Inject
    ImagegateConfig config;

    @Inject
    GatewayMetrics metrics;

    @Test
    void aKeyOverItsRateGets429WithRetryAfter() {
        Customer customer = Api.newKey(Api.newAccount(1_000), Map.of("rate_limit_per_minute", 5));
        for (int i = 0; i < 5; i++) {
            customer.submit("{\"model\": \"sandbox-image\", \"prompt\": \"p\"}").then().statusCode(202);
        }
        customer.submit("{\"model\": \"sandbox-image\", \"prompt\": \"p\"}").then().statusCode(429)
                .body("error.type", equalTo("rate_limited"))
                .header("Retry-After", notNullValue());
        Api.newKey(customer.accountId(), Map.of()).submit("{\"model\": \"sandbox-image\", \"prompt\": \"p\"}")
                .then().statusCode(202);
    }

    @Test
    void everyRouteThatStartsWorkCountsAgainstTheKeyAndReadsDoNot() {
        Customer customer = Api.newKey(Api.newAccount(1_000), Map.of("rate_limit_per_minute", 1));
        customer.request().contentType("application/json").body("{\"prompt\": \"p\", \"model\": \"sandbox-image\"}")
                .post("/v1/images/generations").then().statusCode(200);
        for (String path : List.of("/api/v1/images/generations", "/v1/images/generations", "/api/features",
                "/v1/ideogram-v3/generate", "/ideogram/v1/ideogram-v3/generate", "/ideogram/generate")) {
            customer.request().contentType("application/json").body("{not json")
                    .post(path).then().statusCode(429).header("Retry-After", notNullValue());
        }
        customer.request().multiPart("prompt", "p").multiPart("image", "a.png", new byte[]{1}, "image/png")
                .post("/v1/images/edits").then().statusCode(429);
        customer.request().get("/api/v1/billing/credits").then().statusCode(200);
        customer.request().get("/v1/models").then().statusCode(200);
    }

    @Test
    void twoReplicasSharingRedisAdmitExactlyTheLimit() {
        Redis first = Redis.createClient(vertx, "redis://127.0.0.1:6379");
        Redis second = Redis.createClient(vertx, "redis://127.0.0.1:6379");
        RateLimiter a = new RateLimiter(first, config, metrics, replicas(first, 2));
        RateLimiter b = new RateLimiter(second, config, metrics, replicas(second, 2));
        Caller caller = new Caller("acct", "key_" + UUID.randomUUID(), null, 30);
        Caller warmUp = new Caller("acct", "key_" + UUID.randomUUID(), null, 1_000);
        a.check(warmUp).await().atMost(Duration.ofSeconds(5));
        b.check(warmUp).await().atMost(Duration.ofSeconds(5));
        List<Boolean> results = new ArrayList<>();
        for (int wave = 0; wave < 10; wave++) {
            List<Uni<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                RateLimiter limiter = i % 2 == 0 ? a : b;
                attempts.add(limiter.check(caller).map(ok -> true)
                        .onFailure(ApiException.class).recoverWithItem(false));
            }
            results.addAll(Uni.join().all(attempts).andFailFast().await().atMost(Duration.ofSeconds(10)));
        }
        assertThat(results.stream().filter(ok -> ok).count()).isEqualTo(30);
        assertThat(a.degraded()).isFalse();
        assertThat(b.degraded()).isFalse();
        first.close();
        second.close();
    }

    @Test
    void withoutRedisEachReplicaLimitsToItsShareAndNeverFails() {
        Redis gone = Redis.createClient(vertx, "redis://127.0.0.1:1");
        RateLimiter limiter = new RateLimiter(gone, config, metrics, replicas(gone, 3));
        Caller caller = new Caller("acct", "key_" + UUID.randomUUID(), null, 30);
        int allowed = 0;
        for (int i = 0; i < 40; i++) {
            boolean ok = limiter.check(caller).map(x -> true).onFailure(ApiException.class).recoverWithItem(false)
                    .await().atMost(Duration.ofSeconds(5));
            allowed += ok ? 1 : 0;
        }
        assertThat(allowed).as("30 per minute shared by 3 replicas").isEqualTo(10);
        assertThat(limiter.degraded()).isTrue();
        gone.close();
    }

    @Test
    void theGcraAllowsABurstThenOnePerInterval() {
        Gcra gcra = new Gcra();
        long now = 1_000_000;
        int allowed = 0;
        for (int i = 0; i < 10; i++) {
            allowed += gcra.acquire(now, 6) == 0 ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(6);
        assertThat(gcra.acquire(now, 6)).isEqualTo(10_000);
        assertThat(gcra.acquire(now + 10_000, 6)).isZero();
    }

    @Test
    void withoutRedisTheShareFollowsTheReplicasLastSeenBeating() {
        Redis store = Redis.createClient(vertx, "redis://127.0.0.1:6379");
        String key = "test:" + UUID.randomUUID() + ":replicas";
        LiveReplicas here = new LiveReplicas(store, key, "here", 3);
        for (String other : List.of("b", "c", "d")) {
            new LiveReplicas(store, key, other, 3).beat().await().atMost(Duration.ofSeconds(5));
        }
        store.send(Request.cmd(Command.ZADD).arg(key).arg(System.currentTimeMillis() - 60_000).arg("long-gone"))
                .await().atMost(Duration.ofSeconds(5));
        assertThat(here.beat().await().atMost(Duration.ofSeconds(5))).as("four beat recently; one stopped a minute ago")
                .isEqualTo(4);

        Redis gone = Redis.createClient(vertx, "redis://127.0.0.1:1");
        RateLimiter limiter = new RateLimiter(gone, config, metrics, here);
        Caller caller = new Caller("acct", "key_" + UUID.randomUUID(), null, 40);
        int allowed = 0;
        for (int i = 0; i < 40; i++) {
            allowed += limiter.check(caller).map(x -> 1).onFailure(ApiException.class).recoverWithItem(0)
                    .await().atMost(Duration.ofSeconds(5));
        }
        assertThat(allowed).as("40 per minute shared by the 4 live replicas").isEqualTo(10);
        store.close();
        gone.close();
    }

    private static LiveReplicas replicas(Redis redis, int assumed) {
        return new LiveReplicas(redis, "test:" + UUID.randomUUID() + ":replicas", "replica", assumed);
    }
}
