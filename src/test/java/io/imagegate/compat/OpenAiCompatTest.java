package io.imagegate.compat;

import io.imagegate.testing.Api;
import io.imagegate.testing.Api.Customer;
import io.imagegate.testing.Db;
import io.imagegate.testing.Images;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Base64;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

/** OpenAI's images API on /v1, as the OpenAI SDKs send it. */
@QuarkusTest
class OpenAiCompatTest {

    @TestHTTPResource("/")
    URL gateway;

    @Inject
    Pool pool;

    @Test
    void generationsAnswerLikeOpenAiAndAreBilledAsTasks() {
        Customer customer = Api.newCustomer(100);
        long before = System.currentTimeMillis() / 1000;
        JsonPath answer = customer.request().contentType("application/json").body("""
                {"model": "ideogram-v3-turbo", "prompt": "A cute baby sea otter", "n": 2, "size": "1024x1024",
                 "quality": "hd", "user": "user-1234", "response_format": "url"}""")
                .post("/v1/images/generations").then().statusCode(200).extract().jsonPath();
        assertThat(answer.getLong("created")).isBetween(before, before + 60);
        assertThat(answer.getList("data")).hasSize(2);
        assertThat(answer.getString("data[0].url")).contains("/sandbox/images/1024x1024/");
        assertThat(answer.getString("data[0].revised_prompt")).isEqualTo("A cute baby sea otter");
        assertThat(answer.getMap("data[0]")).doesNotContainKey("b64_json");
        assertThat(customer.balance()).isEqualTo(100 - 16);
        customer.request().get("/api/v1/tasks").then().body("data.items[0].status", equalTo("completed"))
                .body("data.items[0].input.resolution", equalTo("1024x1024"));
    }

    @Test
    void b64JsonCarriesTheImageBytes() throws Exception {
        Customer customer = Api.newCustomer(0);
        String b64 = customer.request().contentType("application/json").body("""
                {"model": "sandbox-image", "prompt": "a lighthouse", "size": "256x256", "response_format": "b64_json"}""")
                .post("/v1/images/generations").then().statusCode(200).extract().path("data[0].b64_json");
        var image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(b64)));
        assertThat(image.getWidth()).isEqualTo(256);
    }

    @Test
    void openAisNamedSizesMapToASizeTheModelReallyProduces() {
        Customer customer = Api.newCustomer(100);
        customer.request().contentType("application/json").body("""
                {"model": "ideogram-v3-turbo", "prompt": "wide", "size": "1792x1024"}""")
                .post("/v1/images/generations").then().statusCode(200);
        customer.request().get("/api/v1/tasks").then()
                .body("data.items[0].input.resolution", equalTo("1344x768"))
                .body("data.items[0].output.images[0].width", equalTo(1344))
                .body("data.items[0].output.images[0].height", equalTo(768));
    }

    @Test
    void aSizeTheModelDoesNotTakeIsRefusedNamingItsSizes() {
        Customer customer = Api.newCustomer(100);
        customer.request().contentType("application/json").body("""
                {"model": "ideogram-v3-turbo", "prompt": "odd", "size": "123x456"}""")
                .post("/v1/images/generations").then().statusCode(400)
                .body("error.param", equalTo("size"))
                .body("error.message", org.hamcrest.Matchers.containsString("1024x1024"))
                .body("error.message", org.hamcrest.Matchers.containsString("1344x768"));
        assertThat(customer.balance()).isEqualTo(100);
    }

    @Test
    void editsTakeMultipartImageAndMask() {
        Customer customer = Api.newCustomer(100);
        customer.request()
                .multiPart("image", "otter.png", Images.png(64, 64), "image/png")
                .multiPart("mask", "mask.png", Images.png(64, 64), "image/png")
                .multiPart("prompt", "A sunlit indoor lounge area with a pool containing a flamingo")
                .multiPart("model", "ideogram-v3-turbo")
                .post("/v1/images/edits").then().statusCode(200).body("data.size()", equalTo(1));
        customer.request().get("/api/v1/tasks").then().body("data.items[0].operation", equalTo("edit"));
    }

    @Test
    void editsTakeAnArrayOfImagesAsTheSdkSendsIt() {
        Customer customer = Api.newCustomer(100);
        customer.request()
                .multiPart("image[]", "subject.png", Images.png(64, 64), "image/png")
                .multiPart("image[]", "style.png", Images.png(32, 32), "image/png")
                .multiPart("prompt", "the otter in this style")
                .multiPart("model", "ideogram-v3-turbo")
                .post("/v1/images/edits").then().statusCode(200).body("data.size()", equalTo(1));
        var task = customer.request().get("/api/v1/tasks").then().extract().jsonPath();
        assertThat(task.getString("data.items[0].operation")).isEqualTo("remix");
        assertThat(task.getList("data.items[0].input.reference_images")).as("the second image is a reference").hasSize(1);
        customer.request().multiPart("image[]", "one.png", Images.png(64, 64), "image/png")
                .multiPart("prompt", "night").multiPart("model", "ideogram-v3-turbo")
                .post("/v1/images/edits").then().statusCode(200);
        customer.request().multiPart("prompt", "nothing to edit").post("/v1/images/edits").then().statusCode(400)
                .body("error.param", equalTo("image"));
    }

    @Test
    void variationsRemixTheImage() {
        Customer customer = Api.newCustomer(100);
        customer.request()
                .multiPart("image", "otter.png", Images.png(64, 64), "image/png")
                .multiPart("model", "ideogram-v3-turbo").multiPart("n", "2").multiPart("response_format", "url")
                .post("/v1/images/variations").then().statusCode(200).body("data.size()", equalTo(2))
                .body("data[0].url", org.hamcrest.Matchers.startsWith("http"));
        customer.request().get("/api/v1/tasks").then().body("data.items[0].operation", equalTo("remix"));
        assertThat(customer.balance()).isEqualTo(100 - 16);
    }

    @Test
    void errorsNameTheClientsOwnFields() {
        Customer customer = Api.newCustomer(100);
        customer.request().contentType("application/json").body("{\"prompt\": \"x\", \"n\": 99}")
                .post("/v1/images/generations").then().statusCode(400)
                .body("error.param", equalTo("n"))
                .body("error.message", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("num_images")));
        customer.request().multiPart("image", "otter.png", Images.png(64, 64), "image/png")
                .multiPart("model", "ideogram-v3-turbo").post("/v1/images/edits").then().statusCode(400)
                .body("error.param", equalTo("prompt"))
                .body("error.message", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("operation")));
    }

    /**
     * The OpenAI SDK with a 1 s timeout against a 3 s task: it gives up on its first attempt and sends the same request
     * again with X-Stainless-Retry-Count 1 and no Idempotency-Key. The retry is answered with the first attempt's task:
     * one task, one charge. The same request sent anew (count 0) is new work, and so is a retry after a failed task.
     */
    @Test
    void anSdkRetryAttachesToTheTaskItsFirstAttemptStarted() throws Exception {
        Customer customer = Api.newCustomer(100);
        String body = "{\"model\": \"ideogram-v3-turbo\", \"prompt\": \"slow [sandbox:delay=3s]\"}";
        HttpClient http = HttpClient.newHttpClient();
        assertThatThrownBy(() -> http.send(sdkRequest(customer, body, 0, Duration.ofSeconds(1)),
                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);

        var retry = http.send(sdkRequest(customer, body, 1, Duration.ofSeconds(30)),
                HttpResponse.BodyHandlers.ofString());
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(JsonPath.from(retry.body()).getString("data[0].url")).startsWith("http");
        assertThat(tasksOf(customer)).as("one task for the call and its retry").isEqualTo(1);
        assertThat(customer.balance()).isEqualTo(100 - 8);

        assertThat(http.send(sdkRequest(customer, body, 0, Duration.ofSeconds(30)),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(tasksOf(customer)).as("the same request sent anew is new work").isEqualTo(2);

        String failing = "{\"model\": \"ideogram-v3-turbo\", \"prompt\": \"x [sandbox:fail]\"}";
        for (int attempt = 0; attempt < 2; attempt++) {
            http.send(sdkRequest(customer, failing, attempt, Duration.ofSeconds(30)), HttpResponse.BodyHandlers.ofString());
        }
        assertThat(tasksOf(customer)).as("a retry after a failed task starts new work").isEqualTo(4);
    }

    private HttpRequest sdkRequest(Customer customer, String body, int attempt, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(gateway + "v1/images/generations"))
                .timeout(timeout).header("Authorization", "Bearer " + customer.key())
                .header("Content-Type", "application/json").header("X-Stainless-Retry-Count", String.valueOf(attempt))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private long tasksOf(Customer customer) {
        return Db.count(pool, "SELECT count(*) FROM tasks WHERE account_id = $1", customer.accountId());
    }

    @Test
    void errorsHaveOpenAisShape() {
        Customer customer = Api.newCustomer(5);
        customer.request().contentType("application/json").body("{\"prompt\": \"x\", \"colour\": \"red\"}")
                .post("/v1/images/generations").then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo("colour"))
                .body("error.message", equalTo("Unrecognized request argument supplied: colour"));
        given().contentType("application/json").body("{\"prompt\": \"x\"}").post("/v1/images/generations").then()
                .statusCode(401).body("error.code", equalTo("invalid_api_key"));
        customer.request().contentType("application/json").body("{\"prompt\": \"x\"}").post("/v1/images/generations")
                .then().statusCode(402).body("error.code", equalTo("insufficient_credits"));
        Api.newCustomer(100).request().contentType("application/json")
                .body("{\"prompt\": \"bad [sandbox:reject]\"}").post("/v1/images/generations").then().statusCode(400)
                .body("error.code", equalTo("content_policy_violation"));
    }

    @Test
    void whenEveryImageIsWithheldTheAnswerIsAContentPolicyErrorAndNothingIsCharged() {
        Customer customer = Api.newCustomer(100);
        customer.request().contentType("application/json").body("{\"prompt\": \"borderline [sandbox:unsafe]\"}")
                .post("/v1/images/generations").then().statusCode(400)
                .body("error.code", equalTo("content_policy_violation"));
        assertThat(customer.balance()).isEqualTo(100);
        assertThat(customer.reserved()).isZero();
    }

    @Test
    void modelsAreListedTheOpenAiWay() {
        Api.newCustomer(0).request().get("/v1/models").then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data.find { it.id == 'ideogram-v4' }.object", equalTo("model"))
                .body("data.find { it.id == 'ideogram-v4' }.owned_by", equalTo("imagegate"));
    }

    @Test
    void aModelIsRetrievedTheOpenAiWay() {
        Customer customer = Api.newCustomer(0);
        customer.request().get("/v1/models/ideogram-v4").then().statusCode(200)
                .body("id", equalTo("ideogram-v4")).body("object", equalTo("model")).body("owned_by", equalTo("imagegate"));
        customer.request().get("/v1/models/dall-e-9").then().statusCode(404)
                .body("error.code", equalTo("model_not_found")).body("error.param", equalTo("model"));
        Customer limited = Api.newKey(customer.accountId(), java.util.Map.of("allowed_models", java.util.List.of("sandbox-image")));
        limited.request().get("/v1/models/ideogram-v4").then().statusCode(404);
    }
}
