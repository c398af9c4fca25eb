package io.imagegate.catalog;

import java.util.List;

/** Allowed values of the request parameters, as Ideogram and the seeds define them. */
final class ParameterValues {

    private ParameterValues() {
    }

    /** Ideogram 3.0's 15 aspect ratios, in the {@code W:H} spelling; {@code WxH} is accepted too. */
    static final List<String> V3_ASPECT_RATIOS = List.of("1:3", "3:1", "1:2", "2:1", "9:16", "16:9", "10:16", "16:10",
            "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "1:1");

    static final List<String> V4_SIZES = List.of("1:1", "16:9", "9:16", "3:4", "4:3", "3:2", "2:3", "9:21", "21:9");

    static final List<String> V3_RESOLUTIONS = List.of("512x1536", "576x1408", "576x1472", "576x1536", "640x1344",
            "640x1408", "640x1472", "640x1536", "704x1152", "704x1216", "704x1280", "704x1344", "704x1408", "704x1472",
            "736x1312", "768x1088", "768x1216", "768x1280", "768x1344", "800x1280", "832x960", "832x1024", "832x1088",
            "832x1152", "832x1216", "832x1248", "864x1152", "896x960", "896x1024", "896x1088", "896x1120", "896x1152",
            "960x832", "960x896", "960x1024", "960x1088", "1024x832", "1024x896", "1024x960", "1024x1024", "1088x768",
            "1088x832", "1088x896", "1088x960", "1120x896", "1152x704", "1152x832", "1152x864", "1152x896", "1216x704",
            "1216x768", "1216x832", "1248x832", "1280x704", "1280x768", "1280x800", "1312x736", "1344x640", "1344x704",
            "1344x768", "1408x576", "1408x640", "1408x704", "1472x576", "1472x640", "1472x704", "1536x512", "1536x576",
            "1536x640");

    static final List<String> V4_RESOLUTIONS = List.of("2048x2048", "1440x2880", "2880x1440", "1664x2496", "2496x1664",
            "1792x2240", "2240x1792", "1440x2560", "2560x1440", "1600x2560", "2560x1600", "1728x2304", "2304x1728",
            "1296x3168", "3168x1296", "1152x2944", "2944x1152", "1248x3328", "3328x1248", "1280x3072", "3072x1280",
            "1024x3072", "3072x1024", "1024x1024", "896x1120", "1120x896", "864x1152", "1152x864", "832x1248",
            "1248x832", "800x1280", "1280x800", "720x1280", "1280x720", "720x1440", "1440x720");

    static final List<String> COGVIEW_SIZES = List.of("1024x1024", "768x1344", "864x1152", "1344x768", "1152x864",
            "1440x720", "720x1440");

    static final List<String> STYLES = List.of("Auto", "General", "Realistic", "Design", "Fiction");

    static final List<String> STYLE_PRESETS = List.of("80S_ILLUSTRATION", "90S_NOSTALGIA", "ABSTRACT_ORGANIC",
            "ANALOG_NOSTALGIA", "ART_BRUT", "ART_DECO", "ART_POSTER", "AURA", "AVANT_GARDE", "BAUHAUS", "BLUEPRINT",
            "BLURRY_MOTION", "BRIGHT_ART", "C4D_CARTOON", "CHILDRENS_BOOK", "COLLAGE", "COLORING_BOOK_I",
            "COLORING_BOOK_II", "CUBISM", "DARK_AURA", "DOODLE", "DOUBLE_EXPOSURE", "DRAMATIC_CINEMA", "EDITORIAL",
            "EMOTIONAL_MINIMAL", "ETHEREAL_PARTY", "EXPIRED_FILM", "FLAT_ART", "FLAT_VECTOR", "FOREST_REVERIE",
            "GEO_MINIMALIST", "GLASS_PRISM", "GOLDEN_HOUR", "GRAFFITI_I", "GRAFFITI_II", "HALFTONE_PRINT",
            "HIGH_CONTRAST", "HIPPIE_ERA", "ICONIC", "JAPANDI_FUSION", "JAZZY", "LONG_EXPOSURE", "MAGAZINE_EDITORIAL",
            "MINIMAL_ILLUSTRATION", "MIXED_MEDIA", "MONOCHROME", "NIGHTLIFE", "OIL_PAINTING", "OLD_CARTOONS",
            "PAINT_GESTURE", "POP_ART", "RETRO_ETCHING", "RIVIERA_POP", "SPOTLIGHT_80S", "STYLIZED_RED",
            "SURREAL_COLLAGE", "TRAVEL_POSTER", "VINTAGE_GEO", "VINTAGE_POSTER", "WATERCOLOR", "WEIRD",
            "WOODBLOCK_PRINT");

    static final List<String> V4_SPEEDS = List.of("TURBO", "BALANCED", "QUALITY");
    static final List<String> MAGIC_PROMPT = List.of("AUTO", "ON", "OFF");
    static final List<String> UPSCALE_FACTORS = List.of("X1", "X2", "X4");
    static final List<String> PNG = List.of("png");
    static final List<String> PNG_JPEG = List.of("png", "jpeg");
    static final List<String> ALL_FORMATS = List.of("png", "jpeg", "webp");
}
