package io.imagegate.compat;

import io.imagegate.testing.Api;
import io.imagegate.testing.Api.Customer;
import io.imagegate.testing.Images;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Ideogram's own API under /ideogram, called as Ideogram's docs and the reseller seed show. */
@QuarkusTest
class IdeogramCompatTest {

    @Test
    void v3GenerateJsonAsInIdeogramsExample() {
        Customer customer = Api.newCustomer(100);
        JsonPath answer = given().header("Api-Key", customer.key()).contentType("application/json").body("""
                {"prompt": "A photo of a cat sleeping on a couch.", "rendering_speed": "TURBO", "aspect_ratio": "1x1",
                 "style_type": "AUTO"}""")
                .post("/ideogram/v1/ideogram-v3/generate").then().statusCode(200).extract().jsonPath();
        assertThat(OffsetDateTime.parse(answer.getString("created"))).isNotNull();
        assertThat(answer.getString("data[0].url")).contains("/sandbox/images/");
        assertThat(answer.getString("data[0].prompt")).isEqualTo("A photo of a cat sleeping on a couch.");
        assertThat(answer.getString("data[0].resolution")).isEqualTo("1024x1024");
        assertThat(answer.getBoolean("data[0].is_image_safe")).isTrue();
        assertThat(answer.getString("data[0].style_type")).isEqualTo("AUTO");
        assertThat(answer.getLong("data[0].seed")).isNotNegative();
        assertThat(customer.balance()).as("TURBO is ideogram-v3-turbo").isEqualTo(92);
    }

    /**
     * {@code @aigne/ideogram} 0.4.16 as it calls Ideogram: {@code new URL(baseURL).origin + "/v1/ideogram-v3/generate"}
     * (or {@code remix} with an image), a lower-case {@code api-key} header, a multipart body of snake_cased fields, the
     * image as a {@code Blob} part (file name {@code blob}, no type), and it reads {@code data[].url}.
     */
    @Test
    void anIdeogramClientThatKeepsOnlyTheOriginIsServedAtTheRoot() {
        Customer customer = Api.newCustomer(100);
        given().header("api-key", customer.key())
                .multiPart("prompt", "A lighthouse at dusk").multiPart("aspect_ratio", "16x9")
                .multiPart("rendering_speed", "TURBO").multiPart("num_images", "1")
                .post("/v1/ideogram-v3/generate").then().statusCode(200)
                .body("data.size()", equalTo(1)).body("data[0].url", org.hamcrest.Matchers.startsWith("http"))
                .body("data[0].is_image_safe", equalTo(true)).body("created", org.hamcrest.Matchers.notNullValue());
        given().header("api-key", customer.key())
                .multiPart("prompt", "in winter").multiPart("rendering_speed", "TURBO")
                .multiPart("image", "blob", Images.png(64, 64), "application/octet-stream")
                .post("/v1/ideogram-v3/remix").then().statusCode(200).body("data.size()", equalTo(1));
        given().header("api-key", "ig_nope").multiPart("prompt", "p").post("/v1/ideogram-v3/generate").then()
                .statusCode(401).body("detail", org.hamcrest.Matchers.notNullValue());
        assertThat(customer.balance()).isEqualTo(100 - 2 * 8);
    }

    @Test
    void v3GenerateMultipartWithStyleReferences() {
        Customer customer = Api.newCustomer(100);
        given().header("Api-Key", customer.key())
                .multiPart("prompt", "A serene tropical beach")
                .multiPart("rendering_speed", "QUALITY")
                .multiPart("aspect_ratio", "16x9")
                .multiPart("num_images", "2")
                .multiPart("style_reference_images", "style.png", Images.png(32, 32), "image/png")
                .post("/ideogram/v1/ideogram-v3/generate").then().statusCode(200)
                .body("data.size()", equalTo(2)).body("data[0].resolution", equalTo("1820x1024"));
        assertThat(customer.balance()).isEqualTo(100 - 40);
    }

    @Test
    void v3EditRemixReframeAndReplaceBackground() {
        Customer customer = Api.newCustomer(500);
        byte[] image = Images.png(64, 64);
        given().header("Api-Key", customer.key()).multiPart("prompt", "add a hat")
                .multiPart("image", "i.png", image, "image/png").multiPart("mask", "m.png", image, "image/png")
                .post("/ideogram/v1/ideogram-v3/edit").then().statusCode(200);
        given().header("Api-Key", customer.key()).multiPart("prompt", "night").multiPart("image_weight", "70")
                .multiPart("image", "i.png", image, "image/png")
                .post("/ideogram/v1/ideogram-v3/remix").then().statusCode(200);
        given().header("Api-Key", customer.key()).multiPart("resolution", "1280x768")
                .multiPart("image", "i.png", image, "image/png")
                .post("/ideogram/v1/ideogram-v3/reframe").then().statusCode(200).body("data[0].resolution", equalTo("1280x768"));
        given().header("Api-Key", customer.key()).multiPart("prompt", "a beach")
                .multiPart("image", "i.png", image, "image/png")
                .post("/ideogram/v1/ideogram-v3/replace-background").then().statusCode(200);
        customer.request().get("/api/v1/tasks").then()
                .body("data.items.operation", equalTo(java.util.List.of("replace_background", "reframe", "remix", "edit")));
    }

    @Test
    void v4GenerateTakesTextPrompt() {
        Customer customer = Api.newCustomer(100);
        given().header("Api-Key", customer.key()).contentType("application/json").body("""
                {"text_prompt": "a fox in the snow", "resolution": "1280x720", "rendering_speed": "DEFAULT", "seed": 9}""")
                .post("/ideogram/v1/ideogram-v4/generate").then().statusCode(200)
                .body("data[0].resolution", equalTo("1280x720")).body("data[0].seed", equalTo(9));
        assertThat(customer.balance()).isEqualTo(88);
    }

    @Test
    void legacyGenerateDescribeAndUpscale() {
        Customer customer = Api.newCustomer(100);
        given().header("Api-Key", customer.key()).contentType("application/json").body("""
                {"image_request": {"prompt": "A serene tropical beach", "aspect_ratio": "ASPECT_16_9",
                                   "model": "V_2_TURBO", "magic_prompt_option": "AUTO"}}""")
                .post("/ideogram/generate").then().statusCode(200).body("data[0].resolution", equalTo("1820x1024"));
        given().header("Api-Key", customer.key()).multiPart("image_file", "i.png", Images.png(64, 64), "image/png")
                .post("/ideogram/describe").then().statusCode(200)
                .body("descriptions[0].text", org.hamcrest.Matchers.startsWith("A sandbox description"));
        given().header("Api-Key", customer.key()).multiPart("image_file", "i.png", Images.png(64, 64), "image/png")
                .multiPart("image_request", "{\"resemblance\": 50, \"detail\": 50}", "application/json")
                .post("/ideogram/upscale").then().statusCode(200).body("data.size()", equalTo(1));
    }

    @Test
    void errorsLookLikeIdeograms() {
        Customer customer = Api.newCustomer(100);
        given().header("Api-Key", customer.key()).contentType("application/json")
                .body("{\"prompt\": \"p\", \"rendering_speed\": \"FLASH\"}")
                .post("/ideogram/v1/ideogram-v3/generate").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("FLASH"));
        given().header("Api-Key", customer.key()).contentType("application/json")
                .body("{\"prompt\": \"p\", \"color_palette\": \"{}\"}")
                .post("/ideogram/v1/ideogram-v3/generate").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("color_palette"));
        given().header("Api-Key", customer.key()).contentType("application/json")
                .body("{\"prompt\": \"bad [sandbox:reject]\"}")
                .post("/ideogram/v1/ideogram-v3/generate").then().statusCode(422)
                .body("error", org.hamcrest.Matchers.containsString("rejected"));
        given().contentType("application/json").body("{\"prompt\": \"p\"}")
                .post("/ideogram/v1/ideogram-v3/generate").then().statusCode(401).body("detail", org.hamcrest.Matchers.notNullValue());
        assertThat(customer.balance()).isEqualTo(100);
    }
}
