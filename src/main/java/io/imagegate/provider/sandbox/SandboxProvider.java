package io.imagegate.provider.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagegate.catalog.Operation;
import io.imagegate.config.ImagegateConfig;
import io.imagegate.provider.Provider;
import io.imagegate.provider.ProviderCall;
import io.imagegate.provider.ProviderException;
import io.imagegate.provider.ProviderResult;
import io.imagegate.support.Sha256;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in provider: answers like an image API, with real images drawn locally from prompt and seed.
 * Markers in the prompt make it misbehave on purpose: {@code [sandbox:fail]} (provider error),
 * {@code [sandbox:reject]} (content rejected), {@code [sandbox:unsafe]} (unsafe image, no URL) and
 * {@code [sandbox:delay=2s]} (latency for this task).
 */
@ApplicationScoped
public class SandboxProvider implements Provider {

    public static final String ID = "sandbox";
    private static final Pattern RATIO = Pattern.compile("(\\d+):(\\d+)");
    private static final Pattern PIXELS = Pattern.compile("(\\d+)x(\\d+)");
    private static final Pattern DELAY = Pattern.compile("\\[sandbox:delay=(\\d{1,9})(ms|s)]");
    private static final int SHORT_SIDE = 1024;

    private final ImagegateConfig config;

    SandboxProvider(ImagegateConfig config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Uni<ProviderResult> run(ProviderCall call) {
        String prompt = call.input().path("prompt").asText("");
        Duration latency = latency(prompt);
        Uni<ProviderResult> result = Uni.createFrom().item(() -> answer(call, prompt));
        return latency.isZero() ? result : result.onItem().delayIt().by(latency);
    }

    private ProviderResult answer(ProviderCall call, String prompt) {
        if (prompt.contains("[sandbox:fail]")) {
            throw ProviderException.error("The sandbox failed on purpose ([sandbox:fail] in the prompt).");
        }
        if (prompt.contains("[sandbox:reject]")) {
            throw ProviderException.contentRejected("The sandbox rejected the prompt on purpose ([sandbox:reject]).");
        }
        long baseSeed = call.input().has("seed") ? call.input().get("seed").asLong() : seedFrom(prompt, call.taskId());
        if (call.operation() == Operation.DESCRIBE) {
            return new ProviderResult(List.of(), List.of("A sandbox description of image " + Long.toHexString(baseSeed) + "."));
        }
        int[] size = size(call);
        boolean transparent = call.input().path("transparent").asBoolean(false);
        String format = transparent ? "png" : call.input().path("output_format").asText("png").equals("jpeg") ? "jpeg" : "png";
        boolean safe = !prompt.contains("[sandbox:unsafe]");
        List<ProviderResult.Image> images = new ArrayList<>(call.numImages());
        for (int i = 0; i < call.numImages(); i++) {
            long seed = (baseSeed + i) % ((long) Integer.MAX_VALUE + 1);
            SandboxImage image = new SandboxImage(size[0], size[1], key(prompt, seed), transparent, format);
            images.add(new ProviderResult.Image(safe ? config.publicUrl() + image.path() : null, size[0], size[1], seed,
                    safe, image.contentType(), null));
        }
        return new ProviderResult(images, null);
    }

    static int[] size(ProviderCall call) {
        ObjectNode input = call.input();
        for (String field : List.of("resolution", "size", "aspect_ratio")) {
            String value = input.path(field).asText("");
            Matcher pixels = PIXELS.matcher(value);
            if (pixels.matches()) {
                return new int[] {Integer.parseInt(pixels.group(1)), Integer.parseInt(pixels.group(2))};
            }
            Matcher ratio = RATIO.matcher(value);
            if (ratio.matches()) {
                return fromRatio(Integer.parseInt(ratio.group(1)), Integer.parseInt(ratio.group(2)));
            }
        }
        return call.operation() == Operation.UPSCALE ? new int[] {2 * SHORT_SIDE, 2 * SHORT_SIDE}
                : new int[] {SHORT_SIDE, SHORT_SIDE};
    }

    /** The shorter side is 1024 px, as Ideogram sizes its default outputs. */
    private static int[] fromRatio(int w, int h) {
        return w <= h ? new int[] {SHORT_SIDE, Math.round((float) SHORT_SIDE * h / w)}
                : new int[] {Math.round((float) SHORT_SIDE * w / h), SHORT_SIDE};
    }

    private Duration latency(String prompt) {
        return requestedDelay(prompt).orElse(config.sandbox().latency());
    }

    /** The latency a prompt asks of the sandbox with {@code [sandbox:delay=…]}, if it asks for one. */
    public static Optional<Duration> requestedDelay(String prompt) {
        Matcher m = DELAY.matcher(prompt);
        if (!m.find()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(m.group(1));
        return Optional.of(m.group(2).equals("s") ? Duration.ofSeconds(amount) : Duration.ofMillis(amount));
    }

    private static long seedFrom(String prompt, String taskId) {
        return Math.floorMod(digest(prompt + '\n' + taskId).getLong(), (long) Integer.MAX_VALUE + 1);
    }

    private static long key(String prompt, long seed) {
        return digest(prompt + '\n' + seed).getLong();
    }

    private static ByteBuffer digest(String text) {
        return ByteBuffer.wrap(Sha256.of(text));
    }
}
