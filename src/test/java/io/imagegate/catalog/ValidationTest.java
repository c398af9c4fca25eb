package io.imagegate.catalog;

import io.imagegate.testing.Api;
import io.imagegate.testing.Api.Customer;
import io.imagegate.testing.Db;
import io.imagegate.testing.Images;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Every refused body is a 400 (or 403) naming the field, and leaves no task, hold or ledger row behind. */
@QuarkusTest
class ValidationTest {

    private static final String IMG = "http://127.0.0.1:9/a.png";

    @Inject
    Pool pool;

    private Customer customer;

    @BeforeEach
    void customer() {
        customer = Api.newCustomer(1000);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown field            | {"prompt": "p", "colour": "red"}                                   | 400 | unsupported_parameter | colour
            prompt missing           | {"model": "ideogram-v3-turbo"}                                     | 400 | invalid_request       | prompt
            prompt blank             | {"prompt": "   "}                                                  | 400 | invalid_value         | prompt
            prompt not a string      | {"prompt": 12}                                                     | 400 | invalid_request       | prompt
            unknown model            | {"model": "dall-e-9", "prompt": "p"}                               | 400 | invalid_value         | model
            model not a string       | {"model": ["ideogram-v4"], "prompt": "p"}                          | 400 | invalid_request       | model
            unknown operation        | {"operation": "paint", "prompt": "p"}                              | 400 | invalid_value         | operation
            operation not offered    | {"model": "ideogram-v4", "operation": "edit", "prompt": "p", "image": "%1$s", "mask_image": "%1$s"} | 400 | invalid_value | operation
            unknown aspect ratio     | {"prompt": "p", "aspect_ratio": "7:5"}                             | 400 | invalid_value         | aspect_ratio
            v4 size not in list      | {"model": "ideogram-v4", "prompt": "p", "size": "5:4"}             | 400 | invalid_value         | size
            v3 resolution not listed | {"prompt": "p", "resolution": "1000x1000"}                         | 400 | invalid_value         | resolution
            resolution with ratio    | {"prompt": "p", "resolution": "1024x1024", "aspect_ratio": "1:1"}  | 400 | invalid_request       | resolution
            size with aspect ratio   | {"model": "ideogram-v4", "prompt": "p", "size": "1:1", "aspect_ratio": "1:1"} | 400 | invalid_request | size
            unknown style            | {"prompt": "p", "style": "Baroque"}                                | 400 | invalid_value         | style
            unknown style preset     | {"prompt": "p", "style_preset": "NEON"}                            | 400 | invalid_value         | style_preset
            preset with references   | {"prompt": "p", "style_preset": "BAUHAUS", "reference_images": ["%1$s"]} | 400 | invalid_request | style_preset
            too many references      | {"prompt": "p", "reference_images": ["%1$s","%1$s","%1$s","%1$s","%1$s","%1$s"]} | 400 | invalid_value | reference_images
            references not strings   | {"prompt": "p", "reference_images": [1]}                           | 400 | invalid_request       | reference_images
            two character references | {"prompt": "p", "character_reference_images": ["%1$s", "%1$s"]}   | 400 | invalid_value         | character_reference_images
            character ref with FLASH | {"model": "sandbox-image", "prompt": "p", "rendering_speed": "FLASH", "character_reference_images": ["%1$s"]} | 400 | invalid_request | character_reference_images
            speed on v3              | {"prompt": "p", "rendering_speed": "QUALITY"}                      | 400 | unsupported_parameter | rendering_speed
            FLASH on v4              | {"model": "ideogram-v4", "prompt": "p", "rendering_speed": "FLASH"} | 400 | invalid_value        | rendering_speed
            webp on v3               | {"prompt": "p", "output_format": "webp"}                           | 400 | invalid_value         | output_format
            style on v4              | {"model": "ideogram-v4", "prompt": "p", "style": "Design"}         | 400 | unsupported_parameter | style
            negative prompt on v4    | {"model": "ideogram-v4", "prompt": "p", "negative_prompt": "x"}    | 400 | unsupported_parameter | negative_prompt
            zero images              | {"prompt": "p", "num_images": 0}                                   | 400 | invalid_value         | num_images
            nine images              | {"prompt": "p", "n": 9}                                            | 400 | invalid_value         | n
            fractional images        | {"prompt": "p", "num_images": 1.5}                                 | 400 | invalid_request       | num_images
            n and num_images         | {"prompt": "p", "n": 1, "num_images": 1}                           | 400 | invalid_request       | n
            negative seed            | {"prompt": "p", "seed": -1}                                        | 400 | invalid_value         | seed
            seed too large           | {"prompt": "p", "seed": 2147483648}                                | 400 | invalid_value         | seed
            magic prompt value       | {"prompt": "p", "magic_prompt": "MAYBE"}                           | 400 | invalid_value         | magic_prompt
            image weight range       | {"operation": "remix", "prompt": "p", "image": "%1$s", "image_weight": 101} | 400 | invalid_value | image_weight
            image weight on generate | {"prompt": "p", "image_weight": 50}                                | 400 | unsupported_parameter | image_weight
            image on generate        | {"prompt": "p", "image": "%1$s"}                                   | 400 | unsupported_parameter | image
            edit without mask        | {"operation": "edit", "prompt": "p", "image": "%1$s"}              | 400 | invalid_request       | mask_image
            remix without image      | {"operation": "remix", "prompt": "p"}                              | 400 | invalid_request       | image
            reframe without size     | {"operation": "reframe", "image": "%1$s"}                          | 400 | invalid_request       | resolution
            image not a URL          | {"operation": "remix", "prompt": "p", "image": "file:///etc/passwd"} | 400 | invalid_value       | image
            image data not an image  | {"operation": "remix", "prompt": "p", "image": "data:text/plain;base64,aGk="} | 400 | invalid_value | image
            transparent with style   | {"prompt": "p", "transparent": true, "style": "Design"}            | 400 | invalid_request       | style
            transparent not boolean  | {"prompt": "p", "transparent": "yes"}                              | 400 | invalid_request       | transparent
            upscale factor alone     | {"prompt": "p", "upscale_factor": "X2"}                            | 400 | invalid_request       | upscale_factor
            callback not supported   | {"model": "cogview-4", "prompt": "p", "callback_url": "https://example.com/hook"} | 400 | callback_not_supported | callback_url
            callback not http        | {"prompt": "p", "callback_url": "ftp://example.com/hook"}          | 400 | invalid_value         | callback_url
            cogview size bounds      | {"model": "cogview-4", "prompt": "p", "size": "4000x4000"}         | 400 | invalid_value         | size
            """)
    void refusesWithTheFieldNamedAndWritesNothing(String rule, String body, int status, String type, String param) {
        customer.submit(body.formatted(IMG)).then()
                .statusCode(status)
                .body("error.code", equalTo(status))
                .body("error.type", equalTo(type))
                .body("error.param", equalTo(param));
        assertNothingWritten();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"text\"", "{\"prompt\": ", "null"})
    void refusesBodiesThatAreNotAJsonObject(String body) {
        customer.submit(body).then().statusCode(400).body("error.type", equalTo("invalid_request"));
        assertNothingWritten();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            colon ratio     | {"prompt": "p", "aspect_ratio": "16:9"}                            | aspect_ratio | 16:9
            x ratio         | {"prompt": "p", "aspect_ratio": "16x9"}                            | aspect_ratio | 16:9
            v4 x size       | {"model": "ideogram-v4", "prompt": "p", "size": "9x21"}            | size         | 9:21
            v4 pixel size   | {"model": "ideogram-v4", "prompt": "p", "size": "1280x720"}        | size         | 1280x720
            style any case  | {"prompt": "p", "style": "rEaLiStIc"}                              | style        | Realistic
            preset any case | {"prompt": "p", "style_preset": "bauhaus"}                         | style_preset | BAUHAUS
            speed alias     | {"model": "ideogram-v4", "prompt": "p", "rendering_speed": "default"} | rendering_speed | BALANCED
            jpg alias       | {"model": "ideogram-v4", "prompt": "p", "output_format": "JPG"}    | output_format | jpeg
            prompt trimmed  | {"prompt": "  a cat  "}                                            | prompt       | a cat
            """)
    void acceptsEverySpellingAndStoresTheCanonicalOne(String rule, String body, String field, String stored) {
        String taskId = customer.accepted(body);
        assertThat(customer.task(taskId).getString("data.input." + field)).isEqualTo(stored);
    }

    @Test
    void aMaskOfAnotherSizeIsRefused() {
        customer.submit("""
                {"prompt": "p", "image": "%s", "mask_image": "%s"}""".formatted(Images.pngDataUri(16, 16),
                Images.pngDataUri(16, 8))).then().statusCode(400).body("error.param", equalTo("mask_image"));
        customer.submit("""
                {"operation": "remix", "prompt": "p", "image": "data:image/png;base64,%s"}""".formatted(
                java.util.Base64.getEncoder().encodeToString("not an image at all".getBytes()))).then().statusCode(400)
                .body("error.param", equalTo("image"));
        assertNothingWritten();
    }

    @Test
    void aSandboxDelayTheRouteWouldTimeOutOnIsRefusedAtSubmission() {
        customer.submit("{\"model\": \"sandbox-image\", \"prompt\": \"slow [sandbox:delay=90s]\"}").then().statusCode(400)
                .body("error.param", equalTo("prompt")).body("error.message", containsString("times out after 60000 ms"));
        assertNothingWritten();
    }

    @Test
    void anImageWhoseHeaderIsNotAWholePlausibleImageIsRefused() {
        byte[] png = Images.png(16, 16);
        byte[] negativeWidth = java.util.Arrays.copyOf(png, png.length);
        java.nio.ByteBuffer.wrap(negativeWidth).putInt(16, -1);
        byte[] headerOnly = java.util.Arrays.copyOf(png, 24);
        for (byte[] bad : List.of(negativeWidth, headerOnly)) {
            customer.submit("""
                    {"operation": "remix", "prompt": "p", "image": "data:image/png;base64,%s"}""".formatted(
                    java.util.Base64.getEncoder().encodeToString(bad))).then().statusCode(400)
                    .body("error.param", equalTo("image"));
        }
        assertNothingWritten();
    }

    @Test
    void referenceImagesOverTenMegabytesTogetherAreRefusedAtSubmission() {
        byte[] threeMegabytes = java.util.Arrays.copyOf(Images.png(16, 16), 3 * 1024 * 1024);
        String image = "\"data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(threeMegabytes) + "\"";
        customer.submit("{\"prompt\": \"p\", \"reference_images\": [" + String.join(",", Collections.nCopies(4, image)) + "]}")
                .then().statusCode(400).body("error.param", equalTo("reference_images"))
                .body("error.message", containsString("together"));
        assertNothingWritten();
    }

    @Test
    void imageAndMaskWithoutOperationIsAnEdit() {
        String taskId = customer.accepted("""
                {"prompt": "p", "image": "%1$s", "mask_image": "%1$s"}""".formatted(IMG));
        assertThat(customer.task(taskId).getString("data.operation")).isEqualTo("edit");
    }

    @Test
    void chargesThePriceTimesTheNumberOfImages() {
        customer.submit("""
                {"model": "ideogram-v3-quality", "prompt": "p", "n": 3}""")
                .then().statusCode(202).body("data.credits_reserved", equalTo(60));
    }

    private void assertNothingWritten() {
        assertThat(Db.count(pool, "SELECT count(*) FROM tasks WHERE account_id = $1", customer.accountId())).isZero();
        assertThat(Db.count(pool, "SELECT count(*) FROM ledger_entries WHERE account_id = $1 AND kind <> 'topup'",
                customer.accountId())).isZero();
        assertThat(customer.balance()).isEqualTo(1000);
        assertThat(customer.reserved()).isZero();
    }
}
