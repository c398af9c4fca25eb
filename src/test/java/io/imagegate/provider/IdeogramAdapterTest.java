package io.imagegate.provider;

import io.imagegate.testing.AgainstFakeUpstreams;
import io.imagegate.testing.Canary;
import io.imagegate.testing.Db;
import io.imagegate.testing.Fake;
import io.imagegate.testing.FakeUpstreams;
import io.imagegate.testing.ImageServer;
import io.imagegate.testing.Images;
import io.imagegate.testing.RealUpstreams;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The exact requests the Ideogram adapter sends for each operation, and what the task shows for the answer. */
@QuarkusTest
@TestProfile(RealUpstreams.class)
class IdeogramAdapterTest extends AgainstFakeUpstreams {

    @Inject
    Pool pool;

    @Test
    void generateSendsTheDocumentedJson() {
        String taskId = customer.accepted("""
                {"model": "ideogram-v3-turbo", "prompt": "A travel poster", "aspect_ratio": "3:4", "style": "Design",
                 "n": 2, "seed": 7, "negative_prompt": "blur", "magic_prompt": "OFF", "style_preset": "BAUHAUS"}""");
        JsonPath task = customer.terminal(taskId);

        Map<String, Object> sent = Fake.onlyRequest("a");
        assertThat(sent.get("method")).isEqualTo("POST");
        assertThat(sent.get("path")).isEqualTo("/v1/ideogram-v3/generate");
        assertThat(header(sent, "api-key")).isEqualTo(FakeUpstreams.KEY);
        assertThat(header(sent, "authorization")).isNull();
        assertThat(sent.get("content_type")).asString().startsWith("application/json");
        assertThat(sent.get("json")).isEqualTo(Map.of("prompt", "A travel poster", "seed", 7, "aspect_ratio", "3x4",
                "rendering_speed", "TURBO", "magic_prompt", "OFF", "negative_prompt", "blur", "num_images", 2,
                "style_type", "DESIGN", "style_preset", "BAUHAUS"));

        assertThat(task.getString("data.status")).isEqualTo("completed");
        assertThat(task.getList("data.output.images")).hasSize(2);
        assertThat(task.getString("data.output.images[0].url")).startsWith("https://ideogram.test/api/images/ephemeral/");
        assertThat(task.getInt("data.output.images[0].width")).isEqualTo(1024);
        assertThat(task.getLong("data.output.images[1].seed")).isEqualTo(8);
        assertThat(task.getBoolean("data.output.images[0].is_image_safe")).isTrue();
        assertThat(task.getString("data.output.images[0].content_type")).isEqualTo("image/png");
        assertThat(Instant.parse(task.getString("data.output.images[0].expires_at"))).isAfter(Instant.now().plusSeconds(80_000));
        assertThat(customer.balance()).isEqualTo(1_000 - 16);
    }

    @Test
    void referencesMakeGenerateMultipartWithFileParts() throws Exception {
        try (ImageServer server = new ImageServer()) {
            String reference = server.serve("/style.jpg", Images.jpeg(64, 64), "image/jpeg");
            String taskId = customer.accepted("""
                    {"model": "ideogram-v3-quality", "prompt": "p", "resolution": "1024x1024",
                     "reference_images": ["%s"], "character_reference_images": ["%s"]}""".formatted(reference,
                    Images.pngDataUri(32, 32)));
            assertThat(customer.terminal(taskId).getString("data.status")).isEqualTo("completed");
        }
        Map<String, Object> sent = Fake.onlyRequest("a");
        assertThat(sent.get("content_type")).asString().startsWith("multipart/form-data");
        assertThat(sent.get("fields")).isEqualTo(Map.of("prompt", "p", "resolution", "1024x1024",
                "rendering_speed", "QUALITY", "num_images", "1"));
        assertThat(files(sent)).containsExactlyInAnyOrder("style_reference_images:image/jpeg",
                "character_reference_images:image/png");
    }

    @Test
    void editGoesToInpaintWithImageAndMask() {
        String taskId = customer.accepted("""
                {"model": "ideogram-v3-balanced", "prompt": "add a hat", "image": "%s", "mask_image": "%s", "seed": 3}"""
                .formatted(Images.pngDataUri(40, 30), Images.pngDataUri(40, 30)));
        assertThat(customer.terminal(taskId).getString("data.status")).isEqualTo("completed");
        Map<String, Object> sent = Fake.onlyRequest("a");
        assertThat(sent.get("path")).isEqualTo("/v1/ideogram-v3/inpaint");
        assertThat(sent.get("fields")).isEqualTo(Map.of("prompt", "add a hat", "seed", "3", "rendering_speed", "DEFAULT",
                "num_images", "1"));
        assertThat(files(sent)).containsExactlyInAnyOrder("image:image/png", "mask:image/png");
    }

    @Test
    void remixReframeAndReplaceBackgroundSendTheirOwnFields() {
        String image = Images.pngDataUri(64, 64);
        customer.terminal(customer.accepted("""
                {"operation": "remix", "prompt": "night", "image": "%s", "image_weight": 80, "aspect_ratio": "16:9"}"""
                .formatted(image)));
        customer.terminal(customer.accepted("""
                {"operation": "reframe", "image": "%s", "resolution": "1280x768"}""".formatted(image)));
        customer.terminal(customer.accepted("""
                {"operation": "replace_background", "prompt": "a beach", "image": "%s", "style_preset": "WATERCOLOR"}"""
                .formatted(image)));
        List<Map<String, Object>> sent = Fake.requests("a");
        assertThat(sent).extracting(r -> r.get("path")).containsExactly("/v1/ideogram-v3/remix", "/v1/ideogram-v3/reframe",
                "/v1/ideogram-v3/replace-background");
        assertThat(sent.get(0).get("fields")).isEqualTo(Map.of("prompt", "night", "aspect_ratio", "16x9",
                "rendering_speed", "TURBO", "num_images", "1", "image_weight", "80"));
        assertThat(sent.get(1).get("fields")).isEqualTo(Map.of("resolution", "1280x768", "rendering_speed", "TURBO",
                "num_images", "1"));
        assertThat(sent.get(2).get("fields")).isEqualTo(Map.of("prompt", "a beach", "rendering_speed", "TURBO",
                "num_images", "1", "style_preset", "WATERCOLOR"));
        sent.forEach(r -> assertThat(files(r)).containsExactly("image:image/png"));
    }

    @Test
    void transparentUpscaleAndDescribeUseTheirEndpoints() {
        String image = Images.pngDataUri(64, 64);
        customer.terminal(customer.accepted("""
                {"prompt": "a sticker", "transparent": true, "upscale_factor": "X2", "aspect_ratio": "1:1"}"""));
        customer.terminal(customer.accepted("""
                {"operation": "upscale", "image": "%s", "prompt": "sharper", "seed": 5}""".formatted(image)));
        JsonPath described = customer.terminal(customer.accepted("""
                {"operation": "describe", "image": "%s"}""".formatted(image)));
        List<Map<String, Object>> sent = Fake.requests("a");
        assertThat(sent.get(0).get("path")).isEqualTo("/v1/ideogram-v3/generate-transparent");
        assertThat(sent.get(0).get("json")).isEqualTo(Map.of("prompt", "a sticker", "aspect_ratio", "1x1",
                "rendering_speed", "TURBO", "num_images", 1, "upscale_factor", "X2"));
        assertThat(sent.get(1).get("path")).isEqualTo("/upscale");
        assertThat(sent.get(1).get("fields")).isEqualTo(Map.of("image_request", "{\"prompt\":\"sharper\",\"seed\":5}"));
        assertThat(files(sent.get(1))).containsExactly("image_file:image/png");
        assertThat(sent.get(2).get("path")).isEqualTo("/describe");
        assertThat(files(sent.get(2))).containsExactly("image_file:image/png");
        assertThat(described.getList("data.output.descriptions")).containsExactly("A fake description.");
    }

    @Test
    void ideogram4MapsSizeAndSpeedAndMakesOneCallPerImage() {
        JsonPath task = customer.terminal(customer.accepted("""
                {"model": "ideogram-v4", "prompt": "a fox", "size": "16:9", "rendering_speed": "BALANCED", "n": 2, "seed": 10}"""));
        List<Map<String, Object>> sent = Fake.requests("a");
        assertThat(sent).hasSize(2).allSatisfy(r -> assertThat(r.get("path")).isEqualTo("/v1/ideogram-v4/generate"));
        assertThat(sent).extracting(r -> r.get("json")).containsExactlyInAnyOrder(
                Map.of("text_prompt", "a fox", "seed", 10, "resolution", "1280x720", "rendering_speed", "DEFAULT"),
                Map.of("text_prompt", "a fox", "seed", 11, "resolution", "1280x720", "rendering_speed", "DEFAULT"));
        assertThat(task.getList("data.output.images")).hasSize(2);
        assertThat(task.getInt("data.output.images[0].width")).isEqualTo(1280);
        assertThat(customer.balance()).isEqualTo(1_000 - 24);
    }

    @Test
    void anUnsafeImageKeepsItsFlagAndHasNoUrl() {
        Fake.faults("a", "UNSAFE");
        JsonPath task = customer.terminal(customer.accepted("{\"prompt\": \"borderline\"}"));
        assertThat(task.getString("data.status")).isEqualTo("completed");
        assertThat(task.getBoolean("data.output.images[0].is_image_safe")).isFalse();
        assertThat(task.getString("data.output.images[0].url")).isNull();
        assertThat(customer.balance()).as("a withheld image is not charged").isEqualTo(1_000);
    }

    @Test
    void onlyTheDeliveredImagesAreCharged() {
        Fake.faults("a", "UNSAFE_FIRST");
        String taskId = customer.accepted("{\"model\": \"ideogram-v3-turbo\", \"prompt\": \"two\", \"n\": 2}");
        JsonPath task = customer.terminal(taskId);
        assertThat(task.getString("data.status")).isEqualTo("completed");
        assertThat(task.getString("data.output.images[0].url")).isNull();
        assertThat(task.getString("data.output.images[1].url")).isNotNull();
        assertThat(task.getLong("data.credits_reserved")).isEqualTo(16);
        assertThat(task.getLong("data.credits_consumed")).isEqualTo(8);
        assertThat(customer.balance()).isEqualTo(1_000 - 8);
        assertThat(customer.reserved()).isZero();
        JsonPath usage = customer.request().get("/api/v1/usage").then().statusCode(200).extract().jsonPath();
        assertThat(usage.getInt("data.items[0].images_delivered")).isEqualTo(1);
        assertThat(Db.ledgerViolations(pool)).isEmpty();
    }

    @Test
    void b64JsonFetchesTheProvidersImageThroughTheGuardWhichFollowsNoRedirect() throws IOException {
        String body = "{\"model\": \"ideogram-v3-turbo\", \"prompt\": \"p\", \"response_format\": \"b64_json\"}";
        Fake.faults("a", "IMAGE_URL " + Fake.url("_fake/image.png"));
        String b64 = customer.request().contentType("application/json").body(body).post("/v1/images/generations")
                .then().statusCode(200).extract().path("data[0].b64_json");
        assertThat(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(b64))).getWidth()).isEqualTo(64);

        try (Canary canary = new Canary()) {
            Fake.faults("a", "IMAGE_URL " + Fake.url("_fake/redirect?to=http://127.0.0.1:" + canary.port() + "/internal"));
            customer.request().contentType("application/json").body(body).post("/v1/images/generations")
                    .then().statusCode(502).body("error.type", equalTo("server_error"));
            assertThat(canary.connections()).as("connections to where the upstream redirected").isZero();
        }
    }

    @Test
    void aProviderAnswerCarryingANulByteIsStoredStorableAndEndsTheTaskOnce() {
        Fake.faults("a", "E422 banned\u0000word");
        JsonPath task = customer.terminal(customer.accepted("{\"prompt\": \"p\"}"));
        assertThat(task.getString("data.status")).isEqualTo("failed");
        assertThat(task.getString("data.error.message")).contains("banned\uFFFDword");
        assertThat(Fake.requests("a")).as("sent upstream once").hasSize(1);
    }

    @Test
    void aRejectedPromptFailsWithoutRetryOrCharge() {
        Fake.faults("a", "E422");
        JsonPath task = customer.terminal(customer.accepted("{\"prompt\": \"something prohibited\"}"));
        assertThat(task.getString("data.status")).isEqualTo("failed");
        assertThat(task.getString("data.error.type")).isEqualTo("content_rejected");
        assertThat(task.getString("data.error.message")).contains("failed safety check");
        assertThat(Fake.requests("a")).hasSize(1);
        assertThat(customer.balance()).isEqualTo(1_000);
    }

    @Test
    void aMalformedAnswerFailsTheTaskAndReleasesItsCredits() {
        Fake.faults("a", "MALFORMED");
        JsonPath task = customer.terminal(customer.accepted("{\"prompt\": \"p\"}"));
        assertThat(task.getString("data.error.type")).isEqualTo("provider_error");
        assertThat(customer.balance()).isEqualTo(1_000);
    }

    @Test
    void transientFailuresAreRetriedOnTheSameRoute() {
        Fake.faults("a", "E503", "RESET");
        JsonPath task = customer.terminal(customer.accepted("{\"prompt\": \"p\"}"));
        assertThat(task.getString("data.status")).as(task.getString("data.error.message")).isEqualTo("completed");
        assertThat(Fake.requests("a")).hasSize(3);
    }

    @Test
    void aKeyAtItsInflightLimitRestsAndTheTaskRunsLater() {
        Fake.faults("a", "INFLIGHT");
        long started = System.nanoTime();
        JsonPath task = customer.terminal(customer.accepted("{\"prompt\": \"p\"}"));
        assertThat(task.getString("data.status")).isEqualTo("completed");
        assertThat(Fake.requests("a")).hasSize(2);
        assertThat((System.nanoTime() - started) / 1_000_000).as("Retry-After: 1 honoured").isGreaterThanOrEqualTo(900);
    }

    @Test
    void fortyTasksAgainstOneKeyNeverExceedTenInFlight() {
        Fake.latency("a", 300);
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(customer.accepted("{\"prompt\": \"busy " + i + "\"}"));
        }
        for (String id : ids) {
            assertThat(customer.terminal(id).getString("data.status")).isEqualTo("completed");
        }
        assertThat(Fake.requests("a")).hasSize(40);
        assertThat(Fake.maxInflight("a")).isBetween(2, 10);
    }

    @Test
    void badInputImagesFailTheTask() throws Exception {
        try (ImageServer server = new ImageServer()) {
            String text = server.serve("/not-an-image.png", "hello".getBytes(), "image/png");
            JsonPath task = customer.terminal(customer.accepted("""
                    {"operation": "remix", "prompt": "p", "image": "%s"}""".formatted(text)));
            assertThat(task.getString("data.error.type")).isEqualTo("invalid_input_image");
            assertThat(task.getString("data.error.message")).contains("not a JPEG, PNG or WebP");

            String big = server.serve("/big.png", new byte[11 * 1024 * 1024], "image/png");
            task = customer.terminal(customer.accepted("""
                    {"operation": "remix", "prompt": "p", "image": "%s"}""".formatted(big)));
            assertThat(task.getString("data.error.message")).contains("larger than");

            String square = server.serve("/square.png", Images.png(20, 20), "image/png");
            String other = server.serve("/other.png", Images.png(20, 10), "image/png");
            task = customer.terminal(customer.accepted("""
                    {"prompt": "p", "image": "%s", "mask_image": "%s"}""".formatted(square, other)));
            assertThat(task.getString("data.error.message")).contains("same size");
        }
        assertThat(Fake.requests("a")).isEmpty();
        assertThat(customer.balance()).isEqualTo(1_000);
    }

    private static String header(Map<String, Object> request, String name) {
        @SuppressWarnings("unchecked")
        Map<String, Object> headers = (Map<String, Object>) request.get("headers");
        return (String) headers.get(name);
    }

    @SuppressWarnings("unchecked")
    private static List<String> files(Map<String, Object> request) {
        return ((List<Map<String, Object>>) request.get("files")).stream()
                .map(f -> f.get("name") + ":" + f.get("content_type")).toList();
    }
}
