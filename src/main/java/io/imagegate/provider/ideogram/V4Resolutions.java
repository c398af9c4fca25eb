package io.imagegate.provider.ideogram;

import io.imagegate.catalog.ModelFamily;

import java.util.Comparator;
import java.util.List;

/** Ideogram 4.0 takes a resolution, not an aspect ratio: the listed one closest in shape, smallest first. */
final class V4Resolutions {

    private static final List<String> LIST = ModelFamily.IDEOGRAM_V4.resolutions();

    private V4Resolutions() {
    }

    /** For {@code W:H} (or {@code WxH}). */
    static String closest(String ratio) {
        String[] parts = ratio.split("[:x]");
        double wanted = Math.log(Double.parseDouble(parts[0]) / Double.parseDouble(parts[1]));
        return LIST.stream().min(Comparator
                        .comparingDouble((String r) -> Math.abs(Math.log(ratio(r)) - wanted))
                        .thenComparingLong(V4Resolutions::area))
                .orElseThrow();
    }

    private static double ratio(String resolution) {
        String[] wh = resolution.split("x");
        return Double.parseDouble(wh[0]) / Double.parseDouble(wh[1]);
    }

    private static long area(String resolution) {
        String[] wh = resolution.split("x");
        return Long.parseLong(wh[0]) * Long.parseLong(wh[1]);
    }
}
