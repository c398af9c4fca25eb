package io.imagegate.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Faithful fakes of Ideogram (instances "a" and "b", under {@code /a} and {@code /b}) and of an OpenAI-style
 * images API (CogView, under {@code /cogview}), on loopback. They enforce the real contract: {@code Api-Key}
 * (bearer for CogView), JSON only where Ideogram takes it, the documented field names and enums (400 for
 * anything else), and Ideogram's 10-images-in-flight limit per key (429 {@code inflight_limit}). Tests steer
 * and read them over HTTP under {@code /_fake/{instance}/…}: recorded requests, latency, and faults (hang,
 * reset, 500, 503, 429 with Retry-After, 429 inflight_limit, unsafe images ({@code UNSAFE}, {@code UNSAFE_FIRST}), 422 unsafe prompt ({@code E422 <text>}: with that
 * text), unsafe image, malformed JSON, and
 * {@code IMAGE_URL <url>}: answer with that image URL). {@code /_fake/image.png} serves a PNG and
 * {@code /_fake/redirect?to=} redirects.
 */
public final class FakeUpstreams implements AutoCloseable {

    public static final String KEY = "ideogram-test-key";
    public static final String COGVIEW_KEY = "cogview-test-key";

    private static final Set<String> ASPECT_RATIOS = Set.of("1x3", "3x1", "1x2", "2x1", "9x16", "16x9", "10x16", "16x10",
            "2x3", "3x2", "3x4", "4x3", "4x5", "5x4", "1x1");
    private static final Set<String> SPEEDS = Set.of("FLASH", "TURBO", "BALANCED", "DEFAULT", "QUALITY");
    private static final Set<String> STYLE_TYPES = Set.of("AUTO", "GENERAL", "REALISTIC", "DESIGN", "CUSTOM", "FICTION", "STYLIZED");
    private static final Set<String> MAGIC = Set.of("AUTO", "ON", "OFF");
    private static final Set<String> V3_SHARED = Set.of("seed", "rendering_speed", "magic_prompt", "num_images",
            "style_preset", "color_palette", "style_codes", "custom_model_uri", "magic_prompt_system_prompt_config_id");

    /** An endpoint: required and allowed fields and files, and whether it also takes JSON. */
    private record Endpoint(Set<String> required, Set<String> fields, Set<String> requiredFiles, Set<String> files,
                            boolean json) {
    }

    private static final Map<String, Endpoint> IDEOGRAM = Map.of(
            "/v1/ideogram-v3/generate", new Endpoint(Set.of("prompt"), with(V3_SHARED, "prompt", "resolution",
                    "aspect_ratio", "negative_prompt", "style_type", "enable_copyright_detection"), Set.of(),
                    Set.of("style_reference_images", "character_reference_images", "character_reference_images_mask"), true),
            "/v1/ideogram-v3/generate-transparent", new Endpoint(Set.of("prompt"), Set.of("prompt", "seed", "upscale_factor",
                    "aspect_ratio", "rendering_speed", "magic_prompt", "negative_prompt", "num_images", "custom_model_uri"),
                    Set.of(), Set.of(), true),
            "/v1/ideogram-v3/inpaint", new Endpoint(Set.of("prompt"), with(V3_SHARED, "prompt", "style_type"),
                    Set.of("image", "mask"), Set.of("image", "mask", "style_reference_images", "character_reference_images",
                    "character_reference_images_mask"), false),
            "/v1/ideogram-v3/remix", new Endpoint(Set.of("prompt"), with(V3_SHARED, "prompt", "image_weight", "resolution",
                    "aspect_ratio", "negative_prompt", "style_type"), Set.of("image"), Set.of("image",
                    "style_reference_images", "character_reference_images", "character_reference_images_mask"), false),
            "/v1/ideogram-v3/reframe", new Endpoint(Set.of("resolution"), Set.of("resolution", "num_images", "seed",
                    "rendering_speed", "style_preset", "color_palette", "style_codes"), Set.of("image"),
                    Set.of("image", "style_reference_images"), false),
            "/v1/ideogram-v3/replace-background", new Endpoint(Set.of("prompt"), Set.of("prompt", "magic_prompt",
                    "num_images", "seed", "rendering_speed", "style_preset", "color_palette", "style_codes"),
                    Set.of("image"), Set.of("image", "style_reference_images"), false),
            "/v1/ideogram-v4/generate", new Endpoint(Set.of("text_prompt"), Set.of("text_prompt", "json_prompt", "seed",
                    "resolution", "rendering_speed", "custom_model_uri", "enable_copyright_detection"), Set.of(), Set.of(), true),
            "/upscale", new Endpoint(Set.of("image_request"), Set.of("image_request"), Set.of("image_file"),
                    Set.of("image_file"), false),
            "/describe", new Endpoint(Set.of(), Set.of("describe_model_version"), Set.of("image_file"), Set.of("image_file"), false));

    /** What one instance received and how it behaves. */
    private static final class Instance {
        final List<JsonObject> received = new ArrayList<>();
        final Deque<String> faults = new ArrayDeque<>();
        final Map<String, Integer> inflight = new HashMap<>();
        final List<HttpServerResponse> hanging = new ArrayList<>();
        String always;
        long latencyMs;
        int limit = 10;
        int maxInflight;
    }

    private final Vertx vertx = Vertx.vertx();
    private final Map<String, Instance> instances = new HashMap<>();
    private final HttpServer server;

    public FakeUpstreams() throws Exception {
        for (String name : List.of("a", "b", "cogview")) {
            instances.put(name, new Instance());
        }
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(64L * 1024 * 1024).setDeleteUploadedFilesOnEnd(false)
                .setUploadsDirectory(System.getProperty("java.io.tmpdir") + "/imagegate-fake-uploads"));
        router.get("/_fake/:instance/requests").handler(ctx -> ctx.json(new JsonArray(instance(ctx).received)));
        router.post("/_fake/:instance/faults").handler(ctx -> {
            ctx.body().asJsonArray().forEach(f -> instance(ctx).faults.add(f.toString()));
            ctx.response().setStatusCode(204).end();
        });
        router.post("/_fake/:instance/always").handler(ctx -> {
            instance(ctx).always = ctx.body().asString();
            ctx.response().setStatusCode(204).end();
        });
        router.post("/_fake/:instance/latency").handler(ctx -> {
            instance(ctx).latencyMs = Long.parseLong(ctx.body().asString());
            ctx.response().setStatusCode(204).end();
        });
        router.get("/_fake/:instance/max-inflight").handler(ctx -> ctx.end(String.valueOf(instance(ctx).maxInflight)));
        router.post("/_fake/:instance/reset").handler(ctx -> {
            Instance i = instance(ctx);
            synchronized (i) {
                i.received.clear();
                i.faults.clear();
                i.always = null;
                i.latencyMs = 0;
                i.maxInflight = 0;
                i.hanging.forEach(r -> r.reset());
                i.hanging.clear();
                i.inflight.clear();
            }
            ctx.response().setStatusCode(204).end();
        });
        router.get("/_fake/image.png").handler(ctx -> ctx.response().putHeader("content-type", "image/png")
                .end(io.vertx.core.buffer.Buffer.buffer(Images.png(64, 64))));
        router.get("/_fake/redirect").handler(ctx -> ctx.response().setStatusCode(302)
                .putHeader("location", ctx.request().getParam("to")).end());
        router.post("/cogview/images/generations").handler(this::cogview);
        router.post("/:instance/*").handler(this::ideogram);
        CompletableFuture<HttpServer> started = new CompletableFuture<>();
        vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .onSuccess(started::complete).onFailure(started::completeExceptionally);
        server = started.get(10, TimeUnit.SECONDS);
    }

    public String baseUrl(String instance) {
        return "http://127.0.0.1:" + server.actualPort() + "/" + instance;
    }

    private Instance instance(RoutingContext ctx) {
        return instances.get(ctx.pathParam("instance"));
    }

    private void ideogram(RoutingContext ctx) {
        Instance instance = instance(ctx);
        String path = ctx.request().path().substring(ctx.pathParam("instance").length() + 1);
        Endpoint endpoint = IDEOGRAM.get(path);
        JsonObject record = record(ctx, path);
        synchronized (instance) {
            instance.received.add(record);
        }
        if (instance == null || endpoint == null) {
            ctx.response().setStatusCode(404).end();
            return;
        }
        if (!KEY.equals(ctx.request().getHeader("Api-Key"))) {
            error(ctx, 401, new JsonObject().put("detail", "Invalid API key"));
            return;
        }
        String problem = problem(endpoint, path, record);
        if (problem != null) {
            error(ctx, 400, new JsonObject().put("detail", problem));
            return;
        }
        int images = path.equals("/describe") || path.equals("/upscale") || path.startsWith("/v1/ideogram-v4") ? 1
                : Integer.parseInt(record.getJsonObject("fields").getString("num_images", "1"));
        String fault;
        synchronized (instance) {
            fault = instance.faults.isEmpty() ? instance.always : instance.faults.poll();
            int current = instance.inflight.getOrDefault(KEY, 0);
            if (current + images > instance.limit) {
                error(ctx, 429, new JsonObject().put("error", "Too many images in flight.")
                        .put("reject_reason", "inflight_limit").put("max_inflight_requests", instance.limit));
                return;
            }
            instance.inflight.put(KEY, current + images);
            instance.maxInflight = Math.max(instance.maxInflight, current + images);
        }
        Runnable answer = () -> {
            synchronized (instance) {
                instance.inflight.merge(KEY, -images, Integer::sum);
            }
            respond(ctx, instance, fault, path, record, images);
        };
        if ("HANG".equals(fault)) {
            synchronized (instance) {
                instance.hanging.add(ctx.response());
            }
            return;
        }
        if (instance.latencyMs > 0) {
            vertx.setTimer(instance.latencyMs, id -> answer.run());
        } else {
            answer.run();
        }
    }

    private void respond(RoutingContext ctx, Instance instance, String fault, String path, JsonObject record, int images) {
        if (fault != null) {
            switch (fault) {
                case "RESET" -> {
                    ctx.request().connection().close();
                    return;
                }
                case "E500", "E503" -> {
                    error(ctx, Integer.parseInt(fault.substring(1)), new JsonObject().put("detail", "upstream trouble"));
                    return;
                }
                case "E429" -> {
                    ctx.response().putHeader("Retry-After", "1");
                    error(ctx, 429, new JsonObject().put("error", "Slow down."));
                    return;
                }
                case "INFLIGHT" -> {
                    ctx.response().putHeader("Retry-After", "1");
                    error(ctx, 429, new JsonObject().put("error", "Too many images in flight.")
                            .put("reject_reason", "inflight_limit").put("max_inflight_requests", instance.limit));
                    return;
                }
                case "E422" -> {
                    error(ctx, 422, new JsonObject().put("error",
                            "Prompt provided failed safety check due to the inclusion of prohibited content."));
                    return;
                }
                case "MALFORMED" -> {
                    ctx.response().putHeader("content-type", "application/json").end("{\"created\": \"2026-11-21T");
                    return;
                }
                default -> {
                    if (fault.startsWith("E422 ")) {
                        error(ctx, 422, new JsonObject().put("error", fault.substring("E422 ".length())));
                        return;
                    }
                }
            }
        }
        String imageUrl = fault != null && fault.startsWith("IMAGE_URL ") ? fault.substring("IMAGE_URL ".length()) : null;
        if (path.equals("/describe")) {
            ctx.json(new JsonObject().put("descriptions", new JsonArray().add(new JsonObject().put("text", "A fake description."))));
            return;
        }
        JsonObject fields = record.getJsonObject("fields");
        JsonArray data = new JsonArray();
        for (int i = 0; i < images; i++) {
            boolean safe = !"UNSAFE".equals(fault) && !("UNSAFE_FIRST".equals(fault) && i == 0);
            String resolution = fields.getString("resolution", "1024x1024");
            data.add(new JsonObject()
                    .put("url", !safe ? "" : imageUrl != null ? imageUrl : "https://ideogram.test/api/images/ephemeral/"
                            + UUID.randomUUID() + ".png?exp=" + (Instant.now().getEpochSecond() + 86_400) + "&sig=0f0f")
                    .put("prompt", fields.getString("prompt", fields.getString("text_prompt", "")))
                    .put("resolution", resolution)
                    .put("is_image_safe", safe)
                    .put("seed", Long.parseLong(fields.getString("seed", "12345")) + i)
                    .put("style_type", "GENERAL"));
        }
        ctx.json(new JsonObject().put("created", OffsetDateTime.now(ZoneOffset.UTC).toString()).put("data", data));
    }

    /** Null when the request keeps the endpoint's contract, else what is wrong (as Ideogram's 400 would). */
    private static String problem(Endpoint endpoint, String path, JsonObject record) {
        boolean json = record.getString("content_type", "").startsWith("application/json");
        boolean multipart = record.getString("content_type", "").startsWith("multipart/form-data");
        if (!(multipart || (json && endpoint.json()))) {
            return "unsupported content type " + record.getString("content_type");
        }
        JsonObject fields = record.getJsonObject("fields");
        for (String name : fields.fieldNames()) {
            if (!endpoint.fields().contains(name)) {
                return "unknown field " + name;
            }
        }
        for (String name : endpoint.required()) {
            if (!fields.containsKey(name)) {
                return "missing field " + name;
            }
        }
        Set<String> files = new java.util.HashSet<>();
        record.getJsonArray("files").forEach(f -> files.add(((JsonObject) f).getString("name")));
        for (String name : files) {
            if (!endpoint.files().contains(name)) {
                return "unknown file part " + name;
            }
        }
        for (String name : endpoint.requiredFiles()) {
            if (!files.contains(name)) {
                return "missing file part " + name;
            }
        }
        if (!oneOf(fields, "aspect_ratio", ASPECT_RATIOS) || !oneOf(fields, "rendering_speed", SPEEDS)
                || !oneOf(fields, "style_type", STYLE_TYPES) || !oneOf(fields, "magic_prompt", MAGIC)
                || !oneOf(fields, "upscale_factor", Set.of("X1", "X2", "X4"))) {
            return "invalid enum value";
        }
        if ((path.contains("v4") || path.contains("transparent")) && "FLASH".equals(fields.getString("rendering_speed"))) {
            return "FLASH is not available here";
        }
        if (fields.containsKey("num_images")) {
            int n = Integer.parseInt(fields.getString("num_images"));
            if (n < 1 || n > 8) {
                return "num_images out of range";
            }
        }
        if (fields.containsKey("resolution") && !fields.getString("resolution").matches("\\d{3,4}x\\d{3,4}")) {
            return "invalid resolution";
        }
        if (fields.containsKey("image_request")) {
            try {
                new JsonObject(fields.getString("image_request"));
            } catch (RuntimeException e) {
                return "image_request is not JSON";
            }
        }
        return null;
    }

    private static boolean oneOf(JsonObject fields, String name, Set<String> allowed) {
        return !fields.containsKey(name) || allowed.contains(fields.getString(name));
    }

    private void cogview(RoutingContext ctx) {
        Instance instance = instances.get("cogview");
        JsonObject record = record(ctx, "/images/generations");
        String fault;
        synchronized (instance) {
            instance.received.add(record);
            fault = instance.faults.isEmpty() ? instance.always : instance.faults.poll();
        }
        if (!("Bearer " + COGVIEW_KEY).equals(ctx.request().getHeader("Authorization"))) {
            error(ctx, 401, new JsonObject().put("error", new JsonObject().put("code", "1000").put("message", "auth")));
            return;
        }
        JsonObject body = record.getJsonObject("json");
        if (body == null || !Set.of("cogview-4-250304", "cogview-4", "cogview-3-flash").contains(body.getString("model"))
                || body.getString("prompt", "").isEmpty()
                || !body.getString("size", "1024x1024").matches("\\d{3,4}x\\d{3,4}")) {
            error(ctx, 400, new JsonObject().put("error", new JsonObject().put("code", "1214").put("message", "bad request")));
            return;
        }
        if ("E503".equals(fault)) {
            error(ctx, 503, new JsonObject().put("error", new JsonObject().put("message", "busy")));
            return;
        }
        ctx.json(new JsonObject().put("created", Instant.now().getEpochSecond())
                .put("data", new JsonArray().add(new JsonObject().put("url", "https://cogview.test/" + UUID.randomUUID() + ".png")))
                .put("content_filter", new JsonArray().add(new JsonObject().put("role", "assistant").put("level", 3))));
    }

    private static JsonObject record(RoutingContext ctx, String path) {
        JsonObject headers = new JsonObject();
        ctx.request().headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
        String contentType = ctx.request().getHeader("content-type") == null ? "" : ctx.request().getHeader("content-type");
        JsonObject fields = new JsonObject();
        JsonObject json = null;
        if (contentType.startsWith("application/json") && ctx.body().length() > 0) {
            json = ctx.body().asJsonObject();
            json.forEach(e -> fields.put(e.getKey(), String.valueOf(e.getValue())));
        } else {
            ctx.request().formAttributes().forEach(a -> fields.put(a.getKey(), a.getValue()));
        }
        JsonArray files = new JsonArray();
        for (FileUpload upload : ctx.fileUploads()) {
            files.add(new JsonObject().put("name", upload.name()).put("file_name", upload.fileName())
                    .put("content_type", upload.contentType()).put("size", upload.size()));
        }
        return new JsonObject().put("method", ctx.request().method().name()).put("path", path).put("headers", headers)
                .put("content_type", contentType).put("fields", fields).put("json", json).put("files", files);
    }

    private static void error(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }

    private static Set<String> with(Set<String> base, String... more) {
        Set<String> out = new java.util.HashSet<>(base);
        out.addAll(List.of(more));
        return Set.copyOf(out);
    }

    @Override
    public void close() {
        vertx.close();
    }
}
