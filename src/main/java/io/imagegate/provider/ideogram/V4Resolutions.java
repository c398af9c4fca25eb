package io.imagegate.provider.ideogram;

import io.imagegate.catalog.ModelFamily;
import io.imagegate.catalog.Shapes;

import java.util.Comparator;
import java.util.List;

/** Ideogram 4.0 takes a resolution, not an aspect ratio: the listed one closest in shape, smallest first. */
final class V4Resolutions {

    private static final List<String> LIST = ModelFamily.IDEOGRAM_V4.resolutions();

    private V4Resolutions() {
    }

    /** For {@code W:H} (or {@code WxH}). */
    static String closest(String ratio) {
        return Shapes.closest(LIST, Shapes.ratio(ratio), Comparator.comparingDouble(Shapes::area));
    }
}
