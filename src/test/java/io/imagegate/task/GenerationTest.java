package io.imagegate.task;

import io.imagegate.testing.Api;
import io.imagegate.testing.Api.Customer;
import io.imagegate.testing.Db;
import io.imagegate.testing.Images;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class GenerationTest {

    private static final String IMAGE = "http://127.0.0.1:9/photo.png";

    @Inject
    Pool pool;

    @Test
    void submitsPollsAndChargesOnceForAFinishedImage() throws IOException {
        Customer customer = Api.newCustomer(100);
        var submitted = customer.submit("""
                {"model": "ideogram-v3-turbo", "prompt": "A vintage travel poster for Tokyo",
                 "aspect_ratio": "3:4", "style": "Design"}""");
        submitted.then().statusCode(202);
        String taskId = submitted.path("data.task_id");
        assertThat(submitted.header("Location")).isEqualTo("/api/v1/tasks/" + taskId);
        assertThat(submitted.<String>path("data.status")).as("started at once: its key has room").isEqualTo("in_progress");
        assertThat(submitted.<Integer>path("data.credits_reserved")).isEqualTo(8);

        JsonPath task = customer.terminal(taskId);
        assertThat(task.getString("data.status")).isEqualTo("completed");
        assertThat(task.getInt("data.credits_consumed")).isEqualTo(8);
        assertThat(task.getString("data.input.aspect_ratio")).isEqualTo("3:4");
        assertThat(task.getString("data.input.style")).isEqualTo("Design");
        assertThat(task.getString("data.started_at")).isNotNull();
        assertThat(task.getString("data.completed_at")).isNotNull();
        assertThat(task.getInt("data.output.images[0].width")).isEqualTo(1024);
        assertThat(task.getInt("data.output.images[0].height")).isEqualTo(1365);
        assertThat(task.getBoolean("data.output.images[0].is_image_safe")).isTrue();

        BufferedImage image = fetch(task.getString("data.output.images[0].url"), "image/png");
        assertThat(image.getWidth()).isEqualTo(1024);
        assertThat(image.getHeight()).isEqualTo(1365);

        assertThat(customer.balance()).isEqualTo(92);
        assertThat(customer.reserved()).isZero();
        assertThat(Db.count(pool, "SELECT count(*) FROM ledger_entries WHERE task_id = $1 AND kind = 'capture'", taskId))
                .isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            generate           | {"model": "sandbox-image", "prompt": "p", "resolution": "640x480", "num_images": 2} | 2
            edit               | {"model": "sandbox-image", "prompt": "p", "image": "%1$s", "mask_image": "%1$s"}   | 1
            remix              | {"model": "sandbox-image", "operation": "remix", "prompt": "p", "image": "%1$s", "image_weight": 70} | 1
            reframe            | {"model": "sandbox-image", "operation": "reframe", "image": "%1$s", "resolution": "1024x576"} | 1
            replace_background | {"model": "sandbox-image", "operation": "replace_background", "prompt": "beach", "image": "%1$s"} | 1
            upscale            | {"model": "sandbox-image", "operation": "upscale", "image": "%1$s"} | 1
            """)
    void completesEveryImageOperationOfTheSandbox(String operation, String body, int images) {
        Customer customer = Api.newCustomer(0);
        String taskId = customer.accepted(body.formatted(IMAGE));
        JsonPath task = customer.terminal(taskId);
        assertThat(task.getString("data.operation")).isEqualTo(operation);
        assertThat(task.getString("data.status")).isEqualTo("completed");
        assertThat(task.getList("data.output.images")).hasSize(images);
        assertThat(task.getString("data.output.images[0].url")).startsWith("http://localhost:8080/sandbox/images/");
    }

    @Test
    void describeAnswersWithText() {
        Customer customer = Api.newCustomer(20);
        String taskId = customer.accepted("""
                {"model": "ideogram-v3-turbo", "operation": "describe", "image": "%s"}""".formatted(Images.pngDataUri(8, 8)));
        JsonPath task = customer.terminal(taskId);
        assertThat(task.getString("data.status")).isEqualTo("completed");
        assertThat(task.getList("data.output.descriptions", String.class)).singleElement().asString().isNotBlank();
        assertThat(task.getList("data.output.images")).isEmpty();
        assertThat(customer.balance()).isEqualTo(12);
    }

    @Test
    void drawsJpegAtTheRequestedSize() throws IOException {
        Customer customer = Api.newCustomer(50);
        String taskId = customer.accepted("""
                {"model": "ideogram-v4", "prompt": "a red fox", "size": "16:9", "output_format": "jpeg",
                 "rendering_speed": "TURBO", "seed": 42}""");
        JsonPath task = customer.terminal(taskId);
        assertThat(task.getLong("data.output.images[0].seed")).isEqualTo(42);
        assertThat(task.getString("data.output.images[0].content_type")).isEqualTo("image/jpeg");
        BufferedImage image = fetch(task.getString("data.output.images[0].url"), "image/jpeg");
        assertThat(image.getHeight()).isEqualTo(1024);
        assertThat(image.getWidth()).isEqualTo(1820);
        assertThat(customer.balance()).isEqualTo(38);
    }

    @Test
    void sameSeedAndPromptGiveTheSameImage() {
        Customer customer = Api.newCustomer(0);
        String body = """
                {"model": "sandbox-image", "prompt": "a lighthouse", "seed": 7, "resolution": "256x256"}""";
        String first = customer.terminal(customer.accepted(body)).getString("data.output.images[0].url");
        String second = customer.terminal(customer.accepted(body)).getString("data.output.images[0].url");
        String other = customer.terminal(customer.accepted(body.replace("lighthouse", "harbour")))
                .getString("data.output.images[0].url");
        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(bytes(first)).isEqualTo(bytes(second));
    }

    @Test
    void transparentImagesHaveAnAlphaChannel() throws IOException {
        Customer customer = Api.newCustomer(0);
        String taskId = customer.accepted("""
                {"model": "sandbox-image", "prompt": "a sticker", "transparent": true, "aspect_ratio": "1:1"}""");
        BufferedImage image = fetch(customer.terminal(taskId).getString("data.output.images[0].url"), "image/png");
        assertThat(image.getColorModel().hasAlpha()).isTrue();
    }

    @Test
    void aProviderFailureFailsTheTaskAndReleasesItsCredits() {
        Customer customer = Api.newCustomer(30);
        String taskId = customer.accepted("""
                {"model": "ideogram-v3-balanced", "prompt": "boom [sandbox:fail]"}""");
        JsonPath task = customer.terminal(taskId);
        assertThat(task.getString("data.status")).isEqualTo("failed");
        assertThat(task.getString("data.error.type")).isEqualTo("provider_error");
        assertThat(task.getInt("data.credits_consumed")).isZero();
        assertThat(customer.balance()).isEqualTo(30);
        assertThat(customer.reserved()).isZero();
        assertThat(Db.ledgerViolations(pool)).isEmpty();
    }

    @Test
    void aContentRejectionFailsWithItsOwnType() {
        Customer customer = Api.newCustomer(30);
        JsonPath task = customer.terminal(customer.accepted("""
                {"prompt": "something unsafe [sandbox:reject]"}"""));
        assertThat(task.getString("data.error.type")).isEqualTo("content_rejected");
        assertThat(customer.balance()).isEqualTo(30);
    }

    @Test
    void anUnsafeImageHasNoUrlAndIsNotCharged() {
        Customer customer = Api.newCustomer(30);
        String taskId = customer.accepted("""
                {"prompt": "borderline [sandbox:unsafe]"}""");
        JsonPath task = customer.terminal(taskId);
        assertThat(task.getString("data.status")).isEqualTo("completed");
        assertThat(task.getBoolean("data.output.images[0].is_image_safe")).isFalse();
        assertThat(task.getString("data.output.images[0].url")).isNull();
        assertThat(task.getLong("data.credits_consumed")).isZero();
        assertThat(customer.balance()).isEqualTo(30);
        assertThat(customer.reserved()).isZero();
        JsonPath usage = customer.request().get("/api/v1/usage").then().statusCode(200).extract().jsonPath();
        assertThat(usage.getInt("data.items.find { it.task_id == '" + taskId + "' }.images_delivered")).isZero();
        assertThat(Db.ledgerViolations(pool)).isEmpty();
    }

    @Test
    void unknownSandboxImagesAreNotFound() {
        given().get("/sandbox/images/99999x1/0000000000000000.png").then().statusCode(404)
                .body("error.type", org.hamcrest.Matchers.equalTo("not_found"));
    }

    private static BufferedImage fetch(String url, String contentType) throws IOException {
        var response = given().get(URI.create(url).getPath());
        response.then().statusCode(200).contentType(contentType);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.asByteArray()));
        assertThat(image).isNotNull();
        return image;
    }

    private static byte[] bytes(String url) {
        return given().get(URI.create(url).getPath()).then().statusCode(200).extract().asByteArray();
    }
}
