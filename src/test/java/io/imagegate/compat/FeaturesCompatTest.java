package io.imagegate.compat;

import io.imagegate.testing.Api;
import io.imagegate.testing.Api.Customer;
import io.imagegate.testing.Images;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The features-style API, with the seed's own example request. */
@QuarkusTest
class FeaturesCompatTest {

    private static final String SEED_EXAMPLE = """
            {
            "type": "IMAGE_GENERATOR",
            "model": "ideogram-3",
            "promptObject": {
            "prompt": "A bioluminescent jellyfish in an underwater city",
            "num_images": 1,
            "rendering_speed": "DEFAULT",
            "aspect_ratio": "1x1",
            "magic_prompt": "AUTO",
            "style_type": "AUTO",
            "style_preset": "JAPANDI_FUSION"
            }
            }""";

    @Test
    void theSeedsGeneratorExampleAnswersWithAnAiRecord() {
        Customer customer = Api.newCustomer(100);
        JsonPath record = given().header("API-KEY", customer.key()).contentType("application/json").body(SEED_EXAMPLE)
                .post("/api/features").then().statusCode(200).extract().jsonPath();
        assertThat(record.getString("aiRecord.uuid")).startsWith("task_");
        assertThat(record.getString("aiRecord.model")).isEqualTo("ideogram-3");
        assertThat(record.getString("aiRecord.type")).isEqualTo("IMAGE_GENERATOR");
        assertThat(record.getString("aiRecord.status")).isEqualTo("SUCCESS");
        assertThat(record.getString("aiRecord.createdAt")).isNotBlank();
        assertThat(record.getMap("aiRecord.aiRecordDetail.promptObject")).as("the client's own promptObject, echoed")
                .isEqualTo(JsonPath.from(SEED_EXAMPLE).getMap("promptObject"));
        assertThat(record.getList("aiRecord.aiRecordDetail.resultObject")).hasSize(1);
        assertThat(record.getString("aiRecord.aiRecordDetail.responseObject.data[0].resolution")).isEqualTo("1024x1024");
        assertThat(record.getBoolean("aiRecord.aiRecordDetail.responseObject.data[0].is_image_safe")).isTrue();
        assertThat(record.getString("aiRecord.temporaryUrl")).isEmpty();
        assertThat(customer.balance()).as("DEFAULT is ideogram-v3-balanced").isEqualTo(87);
    }

    @Test
    void asyncAnswersAtOnceAndResultsFollowTheRecord() throws InterruptedException {
        Customer customer = Api.newCustomer(100);
        String body = SEED_EXAMPLE.replace("\"type\": \"IMAGE_GENERATOR\",", "\"type\": \"IMAGE_GENERATOR\", \"async\": true,")
                .replace("A bioluminescent", "[sandbox:delay=800ms] A bioluminescent");
        JsonPath record = given().header("API-KEY", customer.key()).contentType("application/json").body(body)
                .post("/api/features").then().statusCode(200).extract().jsonPath();
        assertThat(record.getString("aiRecord.status")).isIn("PENDING", "PROCESSING");
        String uuid = record.getString("aiRecord.uuid");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().header("API-KEY", customer.key()).get("/api/results/" + uuid).then().statusCode(200)
                        .extract().<String>path("aiRecord.status"), status -> status.equals("SUCCESS"));
        Api.newCustomer(0).request().get("/api/results/" + uuid).then().statusCode(404);
    }

    @Test
    void variatorAndInpainterAreRemixAndEdit() {
        Customer customer = Api.newCustomer(100);
        String image = Images.pngDataUri(32, 32);
        given().header("API-KEY", customer.key()).contentType("application/json").body("""
                {"type": "IMAGE_VARIATOR", "model": "ideogram-3",
                 "promptObject": {"prompt": "in winter", "imageUrl": "%s", "num_images": 1, "rendering_speed": "TURBO"}}"""
                .formatted(image)).post("/api/features").then().statusCode(200).body("aiRecord.status", equalTo("SUCCESS"));
        given().header("API-KEY", customer.key()).contentType("application/json").body("""
                {"type": "IMAGE_INPAINTER", "model": "ideogram-3",
                 "promptObject": {"prompt": "a hat", "imageUrl": "%1$s", "maskUrl": "%1$s", "num_images": 1}}"""
                .formatted(image)).post("/api/features").then().statusCode(200).body("aiRecord.type", equalTo("IMAGE_INPAINTER"));
        customer.request().get("/api/v1/tasks").then().body("data.items.operation", equalTo(java.util.List.of("edit", "remix")));
    }

    @Test
    void theSeedsExclusionRulesHold() {
        Customer customer = Api.newCustomer(100);
        given().header("API-KEY", customer.key()).contentType("application/json").body("""
                {"type": "IMAGE_GENERATOR", "model": "ideogram-3", "promptObject": {"prompt": "p", "num_images": 1,
                 "aspect_ratio": "1x1", "resolution": "1024x1024"}}""").post("/api/features").then().statusCode(400)
                .body("error.param", equalTo("resolution"));
        given().header("API-KEY", customer.key()).contentType("application/json").body("""
                {"type": "IMAGE_GENERATOR", "model": "ideogram-3", "promptObject": {"prompt": "p", "num_images": 1,
                 "style_preset": "BAUHAUS", "style_reference_images": ["%s"]}}""".formatted(Images.pngDataUri(8, 8)))
                .post("/api/features").then().statusCode(400).body("error.param", equalTo("style_preset"));
        given().header("API-KEY", customer.key()).contentType("application/json").body("""
                {"type": "IMAGE_GENERATOR", "model": "ideogram-3", "promptObject": {"prompt": "p", "num_images": 1,
                 "transparent": true, "style_type": "DESIGN"}}""").post("/api/features").then().statusCode(400);
        given().header("API-KEY", customer.key()).contentType("application/json").body("""
                {"type": "IMAGE_GENERATOR", "model": "dall-e-3", "promptObject": {"prompt": "p"}}""")
                .post("/api/features").then().statusCode(400).body("error.param", equalTo("model"));
        assertThat(customer.balance()).isEqualTo(100);
    }
}
