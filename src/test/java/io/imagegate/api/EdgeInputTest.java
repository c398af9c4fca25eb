package io.imagegate.api;

import io.imagegate.testing.Api;
import io.imagegate.testing.Api.Customer;
import io.imagegate.testing.Db;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** What reaches the gateway's edge malformed is a 4xx in the route's own error shape, naming what is wrong, and writes nothing. */
@QuarkusTest
class EdgeInputTest {

    private static final String NUL = "\\u0000";

    @TestHTTPResource("/")
    URL gateway;

    @Inject
    Pool pool;

    @Test
    void aNulByteInAnyJsonStringIsRefusedNamingTheFieldOnEveryRouteFamily() {
        Customer customer = Api.newCustomer(100);
        customer.submit("{\"model\": \"sandbox-image\", \"prompt\": \"a" + NUL + "b\"}").then().statusCode(400)
                .body("error.param", equalTo("prompt")).body("error.type", equalTo("invalid_value"));
        customer.submit("{\"model\": \"sandbox-image\", \"prompt\": \"ok\", \"reference_images\": [\"x" + NUL + "\"]}")
                .then().statusCode(400).body("error.param", equalTo("reference_images[0]"));
        customer.submit("{\"model\": \"sandbox-image\", \"prompt\": \"lone \\ud800 surrogate\"}").then().statusCode(400)
                .body("error.param", equalTo("prompt"));
        customer.request().contentType(ContentType.JSON).body("{\"model\": \"sandbox-image\", \"prompt\": \"a" + NUL + "\"}")
                .post("/v1/images/generations").then().statusCode(400)
                .body("error.param", equalTo("prompt")).body("error.type", equalTo("invalid_request_error"));
        given().header("Api-Key", customer.key()).contentType(ContentType.JSON).body("{\"prompt\": \"a" + NUL + "\"}")
                .post("/ideogram/v1/ideogram-v3/generate").then().statusCode(400).body("detail", notNullValue());
        given().header("Api-Key", customer.key()).multiPart("prompt", "a\u0000b")
                .post("/ideogram/v1/ideogram-v3/generate").then().statusCode(400).body("detail", notNullValue());
        customer.request().contentType(ContentType.JSON).body("{\"model\": \"a" + NUL + "\", \"input\": {}}")
                .post("/api/features").then().statusCode(400).body("error.param", equalTo("model"));
        Api.admin().body("{\"name\": \"evil" + NUL + "\"}").post("/admin/v1/accounts").then().statusCode(400)
                .body("error.param", equalTo("name"));

        assertThat(customer.balance()).isEqualTo(100);
        assertThat(Db.count(pool, "SELECT count(*) FROM tasks WHERE account_id = $1", customer.accountId())).isZero();
    }

    @Test
    void aNulByteInAPathOrQueryParameterIsRefusedNamingIt() {
        Customer customer = Api.newCustomer(10);
        customer.request().urlEncodingEnabled(false).get("/api/v1/tasks/a%00b").then().statusCode(400).body("error.param", equalTo("id"));
        customer.request().urlEncodingEnabled(false).get("/api/v1/tasks?model=a%00b").then().statusCode(400).body("error.param", equalTo("model"));
        String cursor = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("2026-01-01T00:00:00Z|a\u0000b".getBytes(StandardCharsets.UTF_8));
        customer.request().get("/api/v1/tasks?cursor=" + cursor).then().statusCode(400).body("error.param", equalTo("cursor"));
        customer.request().urlEncodingEnabled(false).get("/v1/models?x=%00").then().statusCode(400).body("error.param", equalTo("x"))
                .body("error.type", equalTo("invalid_request_error"));
    }

    /** The HTTP codec refuses this before any handler runs, so its 400 has no body (the README says so). */
    @Test
    void aQueryThatIsNotValidlyPercentEncodedIsA400() throws IOException {
        Customer customer = Api.newCustomer(10);
        Raw answer = raw("GET /api/v1/tasks?limit=%ZZ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + customer.key()
                + "\r\nConnection: close\r\n\r\n");
        assertThat(answer.status()).isEqualTo(400);
    }

    @Test
    void outOfRangeDatesLimitsAndAmountsAre400sNamingTheParameter() {
        Customer customer = Api.newCustomer(10);
        customer.request().get("/api/v1/usage?to=-1000000000-01-01T00:00:00Z").then().statusCode(400)
                .body("error.param", equalTo("to"));
        customer.request().get("/api/v1/usage?from=+1000000000-01-01T00:00:00Z").then().statusCode(400)
                .body("error.param", equalTo("from"));
        String farCursor = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("-1000000000-01-01T00:00:00Z|t_x".getBytes(StandardCharsets.UTF_8));
        customer.request().get("/api/v1/usage?cursor=" + farCursor).then().statusCode(400)
                .body("error.param", equalTo("cursor"));
        Api.admin().get("/admin/v1/accounts/" + customer.accountId() + "/ledger?limit=abc").then().statusCode(400)
                .body("error.param", equalTo("limit"));
        Api.admin().get("/admin/v1/accounts/" + customer.accountId() + "/ledger?cursor=-x").then().statusCode(400)
                .body("error.param", equalTo("cursor"));
        Api.admin().body(Map.of("amount", Long.MAX_VALUE, "reason", "overflow"))
                .post("/admin/v1/accounts/" + customer.accountId() + "/credits").then().statusCode(400)
                .body("error.param", equalTo("amount"));
        assertThat(customer.balance()).isEqualTo(10);
    }

    @Test
    void duplicateKeysTrailingDataAndAMissingContentTypeAreRefused() throws IOException {
        Customer customer = Api.newCustomer(100);
        customer.submit("{\"model\": \"sandbox-image\", \"model\": \"ideogram-v3-quality\", \"prompt\": \"x\"}")
                .then().statusCode(400).body("error.param", equalTo("model"));
        customer.submit("{\"model\": \"sandbox-image\", \"prompt\": \"x\"} trailing").then().statusCode(400)
                .body("error.type", equalTo("invalid_request"));
        customer.submit("{\"model\": \"sandbox-image\", \"prompt\": \"x\"}{}").then().statusCode(400);

        String body = "{\"model\": \"sandbox-image\", \"prompt\": \"x\"}";
        Raw noType = raw("POST /api/v1/images/generations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + customer.key()
                + "\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertThat(noType.status()).isEqualTo(415);
        assertThat(noType.json().getString("error.type")).isEqualTo("unsupported_media_type");

        assertThat(customer.balance()).isEqualTo(100);
        assertThat(Db.count(pool, "SELECT count(*) FROM tasks WHERE account_id = $1", customer.accountId())).isZero();
    }

    @Test
    void theHttpLayersOwnRefusalsHaveTheErrorShape() throws IOException {
        Raw longUri = raw("GET /api/v1/tasks/" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(longUri.status()).isEqualTo(414);
        assertThat(longUri.json().getInt("error.code")).isEqualTo(414);

        Customer customer = Api.newCustomer(10);
        Raw tooLarge = raw("POST /api/v1/images/generations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + customer.key()
                + "\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\nConnection: close\r\n\r\n{}");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.json().getString("error.type")).isEqualTo("payload_too_large");
    }

    @Test
    void multipartTextFieldsTakeWhatTheContractAllowsAndATruncatedBodyIsA400() throws IOException {
        Customer customer = Api.newCustomer(100);
        given().header("Api-Key", customer.key()).multiPart("prompt", "p".repeat(5_000))
                .post("/ideogram/v1/ideogram-v3/generate").then().statusCode(200).body("data.size()", equalTo(1));
        long afterOne = customer.balance();
        assertThat(afterOne).isLessThan(100);
        String head = "--b\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\na cat\r\n--b\r\n"
                + "Content-Disposition: form-data; name=\"image\"; filename=\"i.png\"\r\nContent-Type: image/png\r\n\r\n\u0089PNG";
        Raw truncated = raw("POST /ideogram/v1/ideogram-v3/remix HTTP/1.1\r\nHost: x\r\nApi-Key: " + customer.key()
                + "\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: " + head.length()
                + "\r\nConnection: close\r\n\r\n" + head);
        assertThat(truncated.status()).isEqualTo(400);
        assertThat(truncated.json().getString("detail")).isNotBlank();
        assertThat(customer.balance()).isEqualTo(afterOne);
    }

    private record Raw(int status, String body) {
        JsonPath json() {
            return JsonPath.from(body);
        }
    }

    /** Sends bytes as they are, so that nothing (a client library's defaults) fixes the request on the way. */
    private Raw raw(String request) throws IOException {
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(answer.substring(9, 12));
            int bodyAt = answer.indexOf("\r\n\r\n");
            String body = bodyAt < 0 ? "" : answer.substring(bodyAt + 4);
            if (answer.toLowerCase().contains("transfer-encoding: chunked")) {
                body = body.substring(body.indexOf("\r\n") + 2, body.lastIndexOf("\r\n0\r\n"));
            }
            return new Raw(status, body.trim());
        }
    }
}
