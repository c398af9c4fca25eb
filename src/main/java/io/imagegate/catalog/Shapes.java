package io.imagegate.catalog;

import java.util.Comparator;
import java.util.List;

/** Image shapes written {@code WxH} or {@code W:H}: their ratio, their area, and the listed one closest to a shape. */
public final class Shapes {

    private Shapes() {
    }

    public static double ratio(String shape) {
        String[] parts = shape.split("[:x]");
        return Double.parseDouble(parts[0]) / Double.parseDouble(parts[1]);
    }

    /** Pixels of a {@code WxH} shape. */
    public static double area(String shape) {
        String[] parts = shape.split("x");
        return Double.parseDouble(parts[0]) * Double.parseDouble(parts[1]);
    }

    /** The candidate closest in shape to {@code wantedRatio} (width / height); equal shapes are ordered by {@code tie}. */
    public static String closest(List<String> candidates, double wantedRatio, Comparator<String> tie) {
        double wanted = Math.log(wantedRatio);
        return candidates.stream()
                .min(Comparator.comparingDouble((String c) -> Math.abs(Math.log(ratio(c)) - wanted)).thenComparing(tie))
                .orElseThrow();
    }
}
