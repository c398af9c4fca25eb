package io.imagegate.provider;

import io.imagegate.testing.AgainstFakeUpstreams;
import io.imagegate.testing.Api;
import io.imagegate.testing.Canary;
import io.imagegate.testing.Fake;
import io.imagegate.testing.FakeUpstreams;
import io.imagegate.testing.ImageServer;
import io.imagegate.testing.LogCapture;
import io.imagegate.testing.RealUpstreams;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Retries, failover between routes, circuit breakers, timeouts, and the OpenAI-style adapter. */
@QuarkusTest
@TestProfile(RealUpstreams.class)
class FailoverTest extends AgainstFakeUpstreams {

    private static final String PRIMARY = "ideogram-v3-turbo.ideogram";
    private static final String SECOND = "ideogram-v3-turbo-second";

    @AfterEach
    void restoreRoutes() {
        route(PRIMARY, Map.of("base_url", Fake.baseUrl("a"), "priority", 0, "timeout_ms", 120_000, "enabled", true));
        route(SECOND, Map.of("base_url", Fake.baseUrl("b"), "priority", 1, "timeout_ms", 120_000, "enabled", false));
    }

    @Test
    void aFailingRouteIsRetriedThenFailedOverToTheNext() {
        route(SECOND, Map.of("base_url", Fake.baseUrl("b"), "priority", 1, "timeout_ms", 120_000, "enabled", true));
        Fake.always("a", "E500");
        JsonPath task = customer.terminal(customer.accepted("{\"prompt\": \"p\"}"));
        assertThat(task.getString("data.status")).isEqualTo("completed");
        assertThat(Fake.requests("a")).hasSize(3);
        assertThat(Fake.requests("b")).hasSize(1);
        assertThat(customer.balance()).isEqualTo(1_000 - 8);
    }

    @Test
    void aHangingRouteCostsItsTimeoutThenFailsOver() {
        route(PRIMARY, Map.of("base_url", Fake.baseUrl("a"), "priority", 0, "timeout_ms", 500, "enabled", true));
        route(SECOND, Map.of("base_url", Fake.baseUrl("b"), "priority", 1, "timeout_ms", 120_000, "enabled", true));
        Fake.always("a", "HANG");
        long started = System.nanoTime();
        JsonPath task = customer.terminal(customer.accepted("{\"prompt\": \"p\"}"), Duration.ofSeconds(20));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(task.getString("data.status")).isEqualTo("completed");
        assertThat(Fake.requests("b")).hasSize(1);
        assertThat(millis).as("three timed-out tries of 500 ms plus backoff").isBetween(1_400L, 8_000L);
    }

    @Test
    void whenEveryRouteIsDownTheTaskFailsAndItsCreditsAreReleased() {
        route(SECOND, Map.of("base_url", Fake.baseUrl("b"), "priority", 1, "timeout_ms", 120_000, "enabled", true));
        Fake.always("a", "E503");
        Fake.always("b", "E503");
        JsonPath task = customer.terminal(customer.accepted("{\"prompt\": \"p\", \"n\": 2}"));
        assertThat(task.getString("data.status")).isEqualTo("failed");
        assertThat(task.getString("data.error.type")).isEqualTo("provider_error");
        assertThat(customer.balance()).isEqualTo(1_000);
        assertThat(customer.reserved()).isZero();
    }

    @Test
    void aBreakerOpensOnARouteThatKeepsFailingWithoutTakingTheReplicaOutAndAProbeBringsItBack() {
        Fake.always("a", "E503");
        try (LogCapture log = new LogCapture("io.imagegate.dispatch.RouteGuards")) {
            for (int i = 0; i < 2; i++) {
                assertThat(customer.terminal(customer.accepted("{\"prompt\": \"fail " + i + "\"}")).getString("data.status"))
                        .isEqualTo("failed");
            }
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).startsWith("WARN Route ")
                    .endsWith(": circuit breaker open"));
        }
        Fake.reset("a");

        customer.submit("{\"model\": \"ideogram-v3-turbo\", \"prompt\": \"while the breaker is open\"}").then()
                .statusCode(503).header("Retry-After", "2")
                .body("error.type", equalTo("model_unavailable")).body("error.param", equalTo("model"))
                .body("error.message", containsString("'ideogram-v3-turbo'"));
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/well").then().statusCode(503)
                .body("checks.find { it.name == 'routes' }.data.enabled_models_without_usable_route",
                        containsString("ideogram-v3-turbo"));
        assertThat(customer.terminal(customer.accepted("{\"model\": \"cogview-4\", \"prompt\": \"another model\"}"))
                .getString("data.status")).as("other models are served meanwhile").isEqualTo("completed");
        assertThat(Fake.requests("a")).as("nothing is sent while the breaker is open").isEmpty();

        String probe = await().atMost(Duration.ofSeconds(10)).until(
                () -> customer.submit("{\"prompt\": \"the probe\"}"), answer -> answer.statusCode() == 202)
                .then().extract().path("data.task_id");
        assertThat(customer.terminal(probe, Duration.ofSeconds(15)).getString("data.status")).isEqualTo("completed");
        assertThat(Fake.requests("a")).hasSize(1);
    }

    @Test
    void cogviewGetsAnOpenAiStyleRequest() {
        JsonPath task = customer.terminal(customer.accepted("""
                {"model": "cogview-4", "prompt": "a teapot", "size": "768x1344"}"""));
        Map<String, Object> sent = Fake.onlyRequest("cogview");
        assertThat(sent.get("path")).isEqualTo("/images/generations");
        @SuppressWarnings("unchecked")
        Map<String, Object> headers = (Map<String, Object>) sent.get("headers");
        assertThat(headers.get("authorization")).isEqualTo("Bearer " + FakeUpstreams.COGVIEW_KEY);
        assertThat(sent.get("json")).isEqualTo(Map.of("model", "cogview-4-250304", "prompt", "a teapot", "size", "768x1344"));
        assertThat(task.getString("data.status")).isEqualTo("completed");
        assertThat(task.getString("data.output.images[0].url")).startsWith("https://cogview.test/");
        assertThat(task.getInt("data.output.images[0].height")).isEqualTo(1344);
        assertThat(customer.balance()).isEqualTo(1_000 - 4);
    }

    @Test
    void anInputImageRedirectIsNotFollowed() throws Exception {
        try (Canary canary = new Canary(); ImageServer server = new ImageServer()) {
            String image = server.redirect("/moved.png", "http://127.0.0.1:" + canary.port() + "/secret.png");
            JsonPath task = customer.terminal(customer.accepted("""
                    {"operation": "remix", "prompt": "p", "image": "%s"}""".formatted(image)));
            assertThat(task.getString("data.error.type")).isEqualTo("invalid_input_image");
            assertThat(task.getString("data.error.message")).contains("redirects are not followed");
            assertThat(canary.connections()).isZero();
        }
    }

    @Test
    void routesAreEditedThroughTheAdminApi() {
        Api.admin().get("/admin/v1/routes").then().statusCode(200)
                .body("find { it.id == 'cogview-4.zhipu' }.provider", equalTo("openai-images"));
        Api.admin().body(Map.of("model_id", "ideogram-v4", "provider", "carrier-pigeon", "weight", 1, "timeout_ms", 1))
                .put("/admin/v1/routes/pigeon").then().statusCode(400).body("error.param", equalTo("provider"));
        Api.admin().body(Map.of("model_id", "no-such-model", "provider", "ideogram", "weight", 1, "timeout_ms", 1))
                .put("/admin/v1/routes/pigeon").then().statusCode(400).body("error.param", equalTo("model_id"));
        Api.admin().get("/admin/v1/routes/pigeon").then().statusCode(404);
    }

    private static void route(String id, Map<String, Object> settings) {
        Map<String, Object> body = new HashMap<>(settings);
        body.put("model_id", "ideogram-v3-turbo");
        body.put("provider", "ideogram");
        body.put("upstream_model", "V_3:TURBO");
        body.put("key_pool", "ideogram");
        body.put("weight", 1);
        Api.admin().body(body).put("/admin/v1/routes/" + id).then().statusCode(200).body("id", equalTo(id));
    }

    private static io.restassured.specification.RequestSpecification given() {
        return io.restassured.RestAssured.given();
    }
}
