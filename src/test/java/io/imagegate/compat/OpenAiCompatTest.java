package io.imagegate.compat;

import io.imagegate.support.Api;
import io.imagegate.support.Api.Customer;
import io.imagegate.support.Images;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.util.Base64;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** OpenAI's images API on /v1, as the OpenAI SDKs send it. */
@QuarkusTest
class OpenAiCompatTest {

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
    void sizesOutsideTheModelsListUseTheClosestShape() {
        Customer customer = Api.newCustomer(100);
        customer.request().contentType("application/json").body("""
                {"model": "ideogram-v3-turbo", "prompt": "wide", "size": "1792x1024"}""")
                .post("/v1/images/generations").then().statusCode(200);
        customer.request().get("/api/v1/tasks").then().body("data.items[0].input.aspect_ratio", equalTo("16:9"));
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
