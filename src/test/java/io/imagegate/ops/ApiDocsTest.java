package io.imagegate.ops;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document is valid, says how each route authenticates and what a submission holds, and docs/API.md covers every route. */
@QuarkusTest
class ApiDocsTest {

    @Test
    void theOpenApiDocumentPassesTheParsersValidation() {
        String document = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().asString();
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document);
        assertThat(parsed.getOpenAPI()).isNotNull();
        assertThat(parsed.getMessages()).as("what the OpenAPI parser found wrong").isEmpty();
    }

    @Test
    void everyOperationNamesItsSecurityAndTheSubmissionItsFields() {
        JsonPath openapi = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        assertThat(openapi.getMap("components.securitySchemes")).containsKeys("apiKey", "ideogramApiKey", "featuresApiKey",
                "adminToken");
        assertThat(openapi.getList("paths.'/admin/v1/accounts'.post.security")).containsExactly(Map.of("adminToken", List.of()));
        assertThat(openapi.getList("paths.'/ideogram/generate'.post.security"))
                .contains(Map.of("ideogramApiKey", List.of()));
        assertThat(openapi.getString("paths.'/api/v1/images/generations'.post.requestBody.content.'application/json'.schema.'$ref'"))
                .isEqualTo("#/components/schemas/GenerationRequest");
        assertThat(openapi.getMap("components.schemas.GenerationRequest.properties")).containsKeys("model", "prompt",
                "num_images", "image", "reference_images", "callback_url");
        assertThat(openapi.getString("components.schemas.TaskView.properties.input.type")).isEqualTo("object");
        assertThat(openapi.getString("components.schemas.TaskView.properties.output.type")).isEqualTo("object");
    }

    @Test
    void docsApiMdDescribesEveryRouteOfTheOpenApiDocument() throws IOException {
        String docs = Files.readString(Path.of("docs/API.md"));
        Map<String, Object> paths = given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath().getMap("paths");
        assertThat(paths).hasSizeGreaterThan(30);
        List<String> undocumented = paths.keySet().stream().filter(path -> !documented(docs, path)).sorted().toList();
        assertThat(undocumented).as("routes missing from docs/API.md").isEmpty();
    }

    /** A path is documented if docs/API.md has it, a template segment standing for a name or a {a, b} list. */
    private static boolean documented(String docs, String path) {
        StringBuilder regex = new StringBuilder();
        for (String segment : path.substring(1).split("/")) {
            regex.append('/').append(segment.startsWith("{") ? "(\\{[^}]*\\}|[^/\\s`|]+)" : Pattern.quote(segment));
        }
        return Pattern.compile("(?<![\\w/.-])" + regex + "(?![\\w/-])").matcher(docs).find();
    }
}
