package io.imagegate.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.imagegate.catalog.Operation.DESCRIBE;
import static io.imagegate.catalog.Operation.EDIT;
import static io.imagegate.catalog.Operation.GENERATE;
import static io.imagegate.catalog.Operation.REFRAME;
import static io.imagegate.catalog.Operation.REMIX;
import static io.imagegate.catalog.Operation.REPLACE_BACKGROUND;
import static io.imagegate.catalog.Operation.UPSCALE;

/**
 * What each family of models takes: its operations, the fields each operation accepts and the allowed values.
 * Fields every request may carry ({@code model}, {@code operation}, {@code callback_url}) are not listed.
 */
public enum ModelFamily {

    IDEOGRAM_V3(ideogramV3Fields(), ParameterValues.V3_ASPECT_RATIOS, List.of(), ParameterValues.V3_RESOLUTIONS,
            null, List.of(), ParameterValues.PNG),
    IDEOGRAM_V4(Map.of(GENERATE, Set.of("prompt", "size", "aspect_ratio", "resolution", "rendering_speed",
            "output_format", "num_images", "seed")),
            ParameterValues.V4_SIZES, ParameterValues.V4_SIZES, ParameterValues.V4_RESOLUTIONS,
            null, ParameterValues.V4_SPEEDS, ParameterValues.ALL_FORMATS),
    COGVIEW(Map.of(GENERATE, Set.of("prompt", "size", "resolution", "num_images", "output_format")),
            List.of(), ParameterValues.COGVIEW_SIZES, ParameterValues.COGVIEW_SIZES,
            new PixelBounds(512, 2048, 16, 1 << 21), List.of(), ParameterValues.PNG),
    SANDBOX(sandboxFields(), union(ParameterValues.V3_ASPECT_RATIOS, ParameterValues.V4_SIZES),
            union(ParameterValues.V3_ASPECT_RATIOS, ParameterValues.V4_SIZES), List.of(),
            new PixelBounds(64, 2048, 8, 2048 * 2048), List.of("FLASH", "TURBO", "BALANCED", "DEFAULT", "QUALITY"),
            ParameterValues.PNG_JPEG);

    /** Free-form {@code WxH} sizes a family accepts besides its listed resolutions. */
    @RegisterForReflection
    public record PixelBounds(int min, int max, int multiple, @JsonProperty("max_pixels") int maxPixels) {
        public boolean allows(int width, int height) {
            return width >= min && width <= max && height >= min && height <= max
                    && width % multiple == 0 && height % multiple == 0 && (long) width * height <= maxPixels;
        }
    }

    private final Map<Operation, Set<String>> fields;
    private final List<String> aspectRatios;
    private final List<String> sizes;
    private final List<String> resolutions;
    private final PixelBounds customResolutions;
    private final List<String> speeds;
    private final List<String> formats;

    ModelFamily(Map<Operation, Set<String>> fields, List<String> aspectRatios, List<String> sizes,
                List<String> resolutions, PixelBounds customResolutions, List<String> speeds, List<String> formats) {
        this.fields = new EnumMap<>(fields);
        this.aspectRatios = aspectRatios;
        this.sizes = sizes;
        this.resolutions = resolutions;
        this.customResolutions = customResolutions;
        this.speeds = speeds;
        this.formats = formats;
    }

    @JsonValue
    public String id() {
        return switch (this) {
            case IDEOGRAM_V3 -> "ideogram-v3";
            case IDEOGRAM_V4 -> "ideogram-v4";
            case COGVIEW -> "cogview";
            case SANDBOX -> "sandbox";
        };
    }

    public static ModelFamily fromId(String id) {
        return Stream.of(values()).filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown model family " + id));
    }

    public Set<Operation> operations() {
        return fields.keySet();
    }

    public boolean accepts(Operation operation, String field) {
        return fields.getOrDefault(operation, Set.of()).contains(field);
    }

    public boolean takesImages() {
        return fields.values().stream().anyMatch(f -> f.contains("image"));
    }

    public List<String> aspectRatios() {
        return aspectRatios;
    }

    public List<String> sizes() {
        return sizes;
    }

    public List<String> resolutions() {
        return resolutions;
    }

    public PixelBounds customResolutions() {
        return customResolutions;
    }

    public List<String> speeds() {
        return speeds;
    }

    public List<String> formats() {
        return formats;
    }

    public List<String> styles() {
        return fields.values().stream().anyMatch(f -> f.contains("style")) ? ParameterValues.STYLES : List.of();
    }

    public List<String> stylePresets() {
        return fields.values().stream().anyMatch(f -> f.contains("style_preset"))
                ? ParameterValues.STYLE_PRESETS : List.of();
    }

    private static Map<Operation, Set<String>> ideogramV3Fields() {
        Set<String> style = Set.of("style", "style_preset", "reference_images");
        return Map.of(
                GENERATE, with(style, "prompt", "aspect_ratio", "resolution", "num_images", "seed", "negative_prompt",
                        "magic_prompt", "character_reference_images", "transparent", "upscale_factor", "output_format"),
                EDIT, with(style, "prompt", "image", "mask_image", "num_images", "seed", "magic_prompt",
                        "character_reference_images", "output_format"),
                REMIX, with(style, "prompt", "image", "image_weight", "aspect_ratio", "resolution", "num_images", "seed",
                        "negative_prompt", "magic_prompt", "character_reference_images", "output_format"),
                REFRAME, Set.of("prompt", "image", "resolution", "num_images", "seed", "style_preset", "reference_images",
                        "output_format"),
                REPLACE_BACKGROUND, Set.of("prompt", "image", "num_images", "seed", "magic_prompt", "style_preset",
                        "reference_images", "output_format"),
                UPSCALE, Set.of("prompt", "image", "seed", "magic_prompt", "output_format"),
                DESCRIBE, Set.of("image"));
    }

    private static Map<Operation, Set<String>> sandboxFields() {
        Map<Operation, Set<String>> fields = new EnumMap<>(ideogramV3Fields());
        fields.put(GENERATE, with(fields.get(GENERATE), "size", "rendering_speed"));
        fields.put(REMIX, with(fields.get(REMIX), "size", "rendering_speed"));
        return fields;
    }

    private static Set<String> with(Set<String> base, String... more) {
        return Stream.concat(base.stream(), Stream.of(more)).collect(Collectors.toUnmodifiableSet());
    }

    private static List<String> union(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).distinct().toList();
    }
}
