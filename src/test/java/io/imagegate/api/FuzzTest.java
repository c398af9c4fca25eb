package io.imagegate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagegate.testing.Api;
import io.imagegate.testing.Api.Customer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated bad requests on every route family: wrong types, huge and negative numbers, NUL and control characters,
 * invalid UTF-8, deep nesting, 1 MB strings, invalid base64, duplicate keys, truncated JSON and multipart, odd ids,
 * cursors and dates. Not one may be answered with a 5xx, and every refusal must have its family's error shape. The
 * suite runs a fixed seed, so its result is the same on every build; {@code -Dfuzz.seed=N} runs another (the seed is
 * printed), and a seed that finds a bug becomes a test of its own.
 */
@QuarkusTest
class FuzzTest {

    private static final int REQUESTS = 2_400;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL gateway;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** A route, how its error bodies look, and a valid body (or query) that mutations start from. */
    private record Target(String family, String method, String path, Body body, String valid) {
    }

    private enum Body { JSON, MULTIPART, QUERY }

    /** One generated request. */
    private record Probe(Target target, String path, String contentType, byte[] body, String mutation) {
    }

    @Test
    void noGeneratedBadRequestIsAServerErrorAndEveryRefusalHasItsDialectsShape() throws Exception {
        long seed = Long.getLong("fuzz.seed", 20_261_204L);
        Random random = new Random(seed);
        Customer customer = Api.newCustomer(0);
        String account = customer.accountId();
        List<Target> targets = targets(account);
        Map<String, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> byFamily = new TreeMap<>();
        List<String> failures = new ArrayList<>();

        for (int i = 0; i < REQUESTS; i++) {
            Probe probe = probe(targets.get(random.nextInt(targets.size())), random);
            HttpResponse<String> answer = send(probe, probe.target().family().equals("admin")
                    ? "Bearer " + Api.ADMIN_TOKEN : "Bearer " + customer.key());
            byStatus.merge(String.valueOf(answer.statusCode()), 1, Integer::sum);
            byFamily.merge(probe.target().family(), 1, Integer::sum);
            String problem = problem(probe.target().family(), answer);
            if (problem != null && failures.size() < 20) {
                failures.add(probe.target().method() + " " + probe.path() + " (" + probe.mutation() + "): " + problem);
            }
        }

        System.out.printf("Fuzz: seed=%d requests=%d by status %s by family %s failures=%d%n", seed, REQUESTS, byStatus,
                byFamily, failures.size());
        assertThat(failures).as("seed " + seed).isEmpty();
        assertThat(byStatus.keySet()).allSatisfy(status -> assertThat(Integer.parseInt(status)).isLessThan(500));
    }

    private static List<Target> targets(String account) {
        return List.of(
                new Target("api", "POST", "/api/v1/images/generations", Body.JSON,
                        "{\"model\": \"ideogram-v3-turbo\", \"prompt\": \"a cat\", \"n\": 1, \"seed\": 7, \"aspect_ratio\": \"1:1\", "
                                + "\"reference_images\": [\"data:image/png;base64,iVBORw0KGgo=\"]}"),
                new Target("openai", "POST", "/v1/images/generations", Body.JSON,
                        "{\"model\": \"ideogram-v3-turbo\", \"prompt\": \"a cat\", \"n\": 1, \"size\": \"1024x1024\", "
                                + "\"response_format\": \"url\"}"),
                new Target("openai", "POST", "/v1/images/edits", Body.MULTIPART, "prompt=a hat&n=1&size=1024x1024"),
                new Target("ideogram", "POST", "/ideogram/v1/ideogram-v3/generate", Body.JSON,
                        "{\"prompt\": \"a cat\", \"rendering_speed\": \"TURBO\", \"num_images\": 1}"),
                new Target("ideogram", "POST", "/ideogram/v1/ideogram-v3/remix", Body.MULTIPART,
                        "prompt=a cat&image_weight=50&rendering_speed=TURBO"),
                new Target("ideogram", "POST", "/ideogram/generate", Body.JSON,
                        "{\"image_request\": {\"prompt\": \"a cat\", \"aspect_ratio\": \"ASPECT_1_1\"}}"),
                new Target("ideogram", "POST", "/ideogram/v1/ideogram-v4/generate", Body.MULTIPART, "prompt=a cat&num_images=1"),
                new Target("api", "POST", "/api/features", Body.JSON,
                        "{\"type\": \"IMAGE_GENERATOR\", \"model\": \"ideogram-3\", \"promptObject\": {\"prompt\": \"p\", "
                                + "\"num_images\": 1}}"),
                new Target("api", "GET", "/api/v1/tasks", Body.QUERY, "status=completed&model=ideogram-v4&limit=5&cursor="),
                new Target("api", "GET", "/api/v1/tasks/{id}", Body.QUERY, "wait=1"),
                new Target("api", "GET", "/api/v1/usage", Body.QUERY, "from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z&limit=5"),
                new Target("api", "GET", "/api/v1/inputs/{id}", Body.QUERY, ""),
                new Target("admin", "POST", "/admin/v1/accounts", Body.JSON, "{\"name\": \"fuzz\", \"credits\": 0}"),
                new Target("admin", "POST", "/admin/v1/accounts/" + account + "/credits", Body.JSON,
                        "{\"amount\": 1, \"reason\": \"fuzz\"}"),
                new Target("admin", "PUT", "/admin/v1/accounts/" + account + "/limits", Body.JSON,
                        "{\"max_concurrent_tasks\": 3}"),
                new Target("admin", "POST", "/admin/v1/accounts/" + account + "/keys", Body.JSON,
                        "{\"name\": \"k\", \"allowed_models\": [\"sandbox-image\"], \"rate_limit_per_minute\": 10}"),
                new Target("admin", "GET", "/admin/v1/accounts/" + account + "/ledger", Body.QUERY, "limit=5&cursor=1"),
                new Target("admin", "PUT", "/admin/v1/models/fuzz-model", Body.JSON, "{\"credits\": 4, \"enabled\": false}"));
    }

    private static Probe probe(Target target, Random random) throws IOException {
        String path = target.path().replace("{id}", encode(oddText(random, 40)));
        return switch (target.body()) {
            case JSON -> json(target, path, random);
            case MULTIPART -> multipart(target, path, random);
            case QUERY -> query(target, path, random);
        };
    }

    private static final List<String> JSON_MUTATIONS = List.of("wrong type", "huge number", "control characters",
            "invalid utf-8", "deep nesting", "1 MB string", "invalid base64", "duplicate key", "truncated", "not an object",
            "unknown field", "empty", "bad date");

    private static Probe json(Target target, String path, Random random) throws IOException {
        String mutation = JSON_MUTATIONS.get(random.nextInt(JSON_MUTATIONS.size()));
        ObjectNode body = (ObjectNode) JSON.readTree(target.valid());
        String field = pick(body, random);
        byte[] bytes = switch (mutation) {
            case "wrong type" -> set(body, field, random.nextBoolean() ? JSON.readTree("[1, {\"a\": null}]") : JSON.readTree("true"));
            case "huge number" -> set(body, field, JSON.readTree(List.of("1e400", "-1", "-9223372036854775809",
                    "99999999999999999999999999", "0.5", "2147483648").get(random.nextInt(6))));
            case "control characters" -> set(body, field, JSON.getNodeFactory().textNode(oddText(random, 30)));
            case "invalid utf-8" -> concat(target.valid().substring(0, target.valid().length() - 2).getBytes(StandardCharsets.UTF_8),
                    new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'});
            case "deep nesting" -> ("{\"" + field + "\": " + "[".repeat(20_000) + "]".repeat(20_000) + "}").getBytes(StandardCharsets.UTF_8);
            case "1 MB string" -> set(body, field, JSON.getNodeFactory().textNode("x".repeat(1 << 20)));
            case "invalid base64" -> set(body, field, JSON.getNodeFactory().textNode("data:image/png;base64,!!!not*base64"));
            case "duplicate key" -> target.valid().replaceFirst("\\{", "{\"" + field + "\": 1, ").getBytes(StandardCharsets.UTF_8);
            case "truncated" -> target.valid().substring(0, random.nextInt(target.valid().length())).getBytes(StandardCharsets.UTF_8);
            case "not an object" -> List.of("[]", "null", "42", "\"text\"", "{}").get(random.nextInt(5)).getBytes(StandardCharsets.UTF_8);
            case "unknown field" -> set(body, oddText(random, 8), JSON.getNodeFactory().textNode("x"));
            case "empty" -> new byte[0];
            default -> set(body, field, JSON.getNodeFactory().textNode(List.of("-1000000000-01-01T00:00:00Z",
                    "2026-13-45T99:99:99Z", "+275760-09-13T00:00:00Z").get(random.nextInt(3))));
        };
        return new Probe(target, path, "application/json", bytes, mutation);
    }

    private static final List<String> MULTIPART_MUTATIONS = List.of("truncated", "control characters", "invalid utf-8",
            "huge number", "1 MB field", "not an image", "no boundary", "empty");

    private static Probe multipart(Target target, String path, Random random) {
        String mutation = MULTIPART_MUTATIONS.get(random.nextInt(MULTIPART_MUTATIONS.size()));
        String boundary = "fuzz" + random.nextInt(1_000_000);
        Map<String, String> fields = new TreeMap<>();
        for (String pair : target.valid().split("&")) {
            fields.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        String field = new ArrayList<>(fields.keySet()).get(random.nextInt(fields.size()));
        byte[] file = "\u0089PNG\r\n\u001a\nnot really".getBytes(StandardCharsets.ISO_8859_1);
        switch (mutation) {
            case "control characters" -> fields.put(field, oddText(random, 20));
            case "huge number" -> fields.put(field, "99999999999999999999999");
            case "1 MB field" -> fields.put(field, "y".repeat(1 << 20));
            case "not an image" -> file = "GIF89a".getBytes(StandardCharsets.US_ASCII);
            default -> { }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fields.forEach((name, value) -> write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name
                + "\"\r\n\r\n" + value + "\r\n"));
        write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"i.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n");
        out.writeBytes(file);
        write(out, "\r\n--" + boundary + "--\r\n");
        byte[] bytes = out.toByteArray();
        return switch (mutation) {
            case "truncated" -> new Probe(target, path, "multipart/form-data; boundary=" + boundary,
                    java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length)), mutation);
            case "invalid utf-8" -> new Probe(target, path, "multipart/form-data; boundary=" + boundary,
                    concat(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF},
                            ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII)), mutation);
            case "no boundary" -> new Probe(target, path, "multipart/form-data", bytes, mutation);
            case "empty" -> new Probe(target, path, "multipart/form-data; boundary=" + boundary, new byte[0], mutation);
            default -> new Probe(target, path, "multipart/form-data; boundary=" + boundary, bytes, mutation);
        };
    }

    private static Probe query(Target target, String path, Random random) {
        List<String> pairs = new ArrayList<>();
        for (String pair : target.valid().split("&")) {
            if (!pair.isEmpty()) {
                pairs.add(pair);
            }
        }
        String mutation;
        if (pairs.isEmpty() || random.nextInt(4) == 0) {
            mutation = "odd path";
            pairs.add("x=" + encode(oddText(random, 10)));
        } else {
            int at = random.nextInt(pairs.size());
            String name = pairs.get(at).substring(0, pairs.get(at).indexOf('='));
            String value = List.of(oddText(random, 30), "-1", "abc", "99999999999999999999", "-1000000000-01-01T00:00:00Z",
                    java.util.Base64.getUrlEncoder().encodeToString("-999999999-01-01T00:00:00Z|t_x".getBytes(StandardCharsets.UTF_8)),
                    java.util.Base64.getUrlEncoder().encodeToString("2026-01-01T00:00:00Z|a\u0000b".getBytes(StandardCharsets.UTF_8)))
                    .get(random.nextInt(7));
            mutation = "query " + name;
            pairs.set(at, name + "=" + encode(value));
        }
        return new Probe(target, path + "?" + String.join("&", pairs), null, null, mutation);
    }

    private HttpResponse<String> send(Probe probe, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.toString().replaceAll("/$", "") + probe.path()))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization)
                .header("Api-Key", authorization.substring("Bearer ".length()));
        if (probe.body() == null) {
            request.method(probe.target().method(), HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", probe.contentType())
                    .method(probe.target().method(), HttpRequest.BodyPublishers.ofByteArray(probe.body()));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Null if the answer is acceptable: below 500, and a refusal in its family's error shape. */
    private static String problem(String family, HttpResponse<String> answer) {
        int status = answer.statusCode();
        if (status >= 500) {
            return "answered " + status + ": " + answer.body();
        }
        if (status < 400) {
            return null;
        }
        JsonNode body;
        try {
            body = JSON.readTree(answer.body());
        } catch (IOException e) {
            return status + " with a body that is not JSON: " + answer.body();
        }
        Function<JsonNode, Boolean> shape = switch (family) {
            case "openai" -> b -> b.path("error").path("message").isTextual() && b.path("error").path("type").isTextual()
                    && b.path("error").has("param") && b.path("error").has("code");
            case "ideogram" -> b -> b.path("detail").isTextual() || b.path("error").isTextual();
            default -> b -> b.path("error").path("code").asInt() == status && b.path("error").path("type").isTextual()
                    && b.path("error").path("message").isTextual();
        };
        return body != null && shape.apply(body) ? null : status + " not in the " + family + " error shape: " + answer.body();
    }

    private static String pick(ObjectNode body, Random random) {
        List<String> names = new ArrayList<>();
        body.fieldNames().forEachRemaining(names::add);
        return names.get(random.nextInt(names.size()));
    }

    private static byte[] set(ObjectNode body, String field, JsonNode value) throws IOException {
        body.set(field, value);
        return JSON.writeValueAsBytes(body);
    }

    /** Text with NUL, other control characters, lone surrogates, path and URL specials. */
    private static String oddText(Random random, int length) {
        String alphabet = "\u0000\u0001\u001f\u007f\ud800\udfff\u202e\ufeff/\\.%?#&=+\"' <>{}[]aZ9é漢😀";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
