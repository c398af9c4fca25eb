package io.imagegate.catalog;

import io.imagegate.testing.Api;
import io.imagegate.testing.Api.Customer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class ModelsTest {

    @Test
    void listsTheShippedCatalogWithPricesAndAllowedValues() {
        Customer customer = Api.newCustomer(0);
        JsonPath models = customer.request().get("/api/v1/models").then().statusCode(200).extract().jsonPath();
        assertThat(models.getList("data.id", String.class)).containsExactly("cogview-4", "ideogram-v3-balanced",
                "ideogram-v3-quality", "ideogram-v3-turbo", "ideogram-v4", "sandbox-image");
        assertThat(models.getInt("data.find { it.id == 'ideogram-v3-turbo' }.credits")).isEqualTo(8);
        assertThat(models.getInt("data.find { it.id == 'ideogram-v3-balanced' }.credits")).isEqualTo(13);
        assertThat(models.getInt("data.find { it.id == 'ideogram-v3-quality' }.credits")).isEqualTo(20);
        assertThat(models.getInt("data.find { it.id == 'ideogram-v4' }.credits")).isEqualTo(12);
        assertThat(models.getInt("data.find { it.id == 'cogview-4' }.credits")).isEqualTo(4);
        assertThat(models.getInt("data.find { it.id == 'sandbox-image' }.credits")).isZero();

        assertThat(models.getList("data.find { it.id == 'ideogram-v3-turbo' }.operations", String.class))
                .containsExactlyInAnyOrder("generate", "edit", "remix", "reframe", "replace_background", "upscale", "describe");
        assertThat(models.getList("data.find { it.id == 'ideogram-v3-turbo' }.input_types", String.class))
                .containsExactly("text", "image");
        assertThat(models.getList("data.find { it.id == 'ideogram-v3-turbo' }.parameters.aspect_ratios")).hasSize(15);
        assertThat(models.getList("data.find { it.id == 'ideogram-v3-turbo' }.parameters.resolutions")).hasSize(69);
        assertThat(models.getList("data.find { it.id == 'ideogram-v3-turbo' }.parameters.style_presets")).hasSize(62);
        assertThat(models.getList("data.find { it.id == 'ideogram-v3-turbo' }.parameters.styles", String.class))
                .containsExactly("Auto", "General", "Realistic", "Design", "Fiction");
        assertThat(models.getList("data.find { it.id == 'ideogram-v4' }.parameters.sizes", String.class))
                .containsExactly("1:1", "16:9", "9:16", "3:4", "4:3", "3:2", "2:3", "9:21", "21:9");
        assertThat(models.getList("data.find { it.id == 'ideogram-v4' }.parameters.rendering_speeds", String.class))
                .containsExactly("TURBO", "BALANCED", "QUALITY");
        assertThat(models.getList("data.find { it.id == 'ideogram-v4' }.parameters.output_formats", String.class))
                .containsExactly("png", "jpeg", "webp");
        assertThat(models.getList("data.find { it.id == 'ideogram-v4' }.input_types", String.class)).containsExactly("text");
        assertThat(models.getBoolean("data.find { it.id == 'cogview-4' }.supports_callback")).isFalse();
    }

    @Test
    void aDisabledModelDisappearsAndIsRefused() {
        Customer customer = Api.newCustomer(100);
        Api.admin().body(Map.of("enabled", false)).put("/admin/v1/models/ideogram-v3-quality").then().statusCode(200)
                .body("enabled", equalTo(false));
        try {
            assertThat(customer.request().get("/api/v1/models").then().extract().jsonPath()
                    .getList("data.id", String.class)).doesNotContain("ideogram-v3-quality");
            customer.submit("{\"model\": \"ideogram-v3-quality\", \"prompt\": \"p\"}").then().statusCode(400)
                    .body("error.param", equalTo("model"));
        } finally {
            Api.admin().body(Map.of("enabled", true)).put("/admin/v1/models/ideogram-v3-quality").then().statusCode(200);
        }
        Api.admin().body(Map.of("credits", -1)).put("/admin/v1/models/ideogram-v4").then().statusCode(400)
                .body("error.param", equalTo("credits"));
        Api.admin().body(Map.of("credits", 1)).put("/admin/v1/models/nope").then().statusCode(404);
    }

    @Test
    void theCallbackFlagIsTheOperators() {
        Customer customer = Api.newCustomer(100);
        Api.admin().body(Map.of("supports_callback", false)).put("/admin/v1/models/ideogram-v4").then().statusCode(200);
        try {
            customer.submit("{\"model\": \"ideogram-v4\", \"prompt\": \"p\", \"callback_url\": \"https://example.com/h\"}")
                    .then().statusCode(400).body("error.type", equalTo("callback_not_supported"));
        } finally {
            Api.admin().body(Map.of("supports_callback", true)).put("/admin/v1/models/ideogram-v4").then().statusCode(200);
        }
    }
}
