package io.imagegate.testing;

import io.restassured.path.json.JsonPath;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static io.restassured.RestAssured.given;

/** Steers and reads {@link FakeUpstreams} over its control endpoints. */
public final class Fake {

    private Fake() {
    }

    /**
     * Every instance back to healthy, empty and fast, and every route usable again: a breaker a previous test
     * opened has let its probe through ({@code /q/health/well} reports routes behind open breakers).
     */
    public static void resetAll() throws InterruptedException {
        List.of("a", "b", "cogview").forEach(Fake::reset);
        await().alias("the gateway's routes usable again").atMost(Duration.ofSeconds(20))
                .until(() -> given().get("/q/health/well").statusCode() == 200);
    }

    public static void reset(String instance) {
        given().post(control(instance, "reset")).then().statusCode(204);
    }

    public static void faults(String instance, String... faults) {
        given().contentType("application/json").body(List.of(faults)).post(control(instance, "faults")).then().statusCode(204);
    }

    public static void always(String instance, String fault) {
        given().body(fault).post(control(instance, "always")).then().statusCode(204);
    }

    public static void latency(String instance, long millis) {
        given().body(String.valueOf(millis)).post(control(instance, "latency")).then().statusCode(204);
    }

    public static int maxInflight(String instance) {
        return Integer.parseInt(given().get(control(instance, "max-inflight")).then().statusCode(200).extract().asString());
    }

    /** Every request the instance received, oldest first, as maps (method, path, headers, fields, json, files). */
    public static List<Map<String, Object>> requests(String instance) {
        JsonPath json = given().get(control(instance, "requests")).then().statusCode(200).extract().jsonPath();
        return json.getList("$");
    }

    public static Map<String, Object> onlyRequest(String instance) {
        List<Map<String, Object>> all = requests(instance);
        if (all.size() != 1) {
            throw new AssertionError("expected one request to " + instance + ", got " + all.size() + ": " + all);
        }
        return all.get(0);
    }

    public static void awaitRequests(String instance, int count) throws InterruptedException {
        await().alias(instance + " received " + count + " requests").atMost(Duration.ofSeconds(20))
                .until(() -> requests(instance).size() >= count);
    }

    public static String baseUrl(String instance) {
        return base() + instance;
    }

    private static String control(String instance, String what) {
        return base() + "_fake/" + instance + "/" + what;
    }

    /** A URL on the fakes' server, such as {@code url("_fake/image.png")}. */
    public static String url(String path) {
        return base() + path;
    }

    private static String base() {
        return ConfigProvider.getConfig().getValue("fake.upstreams.base-url", String.class);
    }
}
