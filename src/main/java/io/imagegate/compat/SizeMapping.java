package io.imagegate.compat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagegate.api.ApiException;
import io.imagegate.catalog.ModelFamily;
import io.imagegate.catalog.Operation;

import java.util.Comparator;
import java.util.List;

/** A pixel size from a dialect ({@code 1792x1024}) as the unified field the model takes: exact if it can, else the closest shape. */
public final class SizeMapping {

    private SizeMapping() {
    }

    public static void apply(ModelFamily family, String size, String param, ObjectNode unified) {
        String[] wh = size.toLowerCase().split("x");
        int width;
        int height;
        try {
            width = Integer.parseInt(wh[0]);
            height = Integer.parseInt(wh[1]);
        } catch (RuntimeException e) {
            throw ApiException.invalidValue(param, "'" + param + "' must look like 1024x1024.");
        }
        boolean takesSize = family.accepts(Operation.GENERATE, "size");
        boolean exact = family.resolutions().contains(width + "x" + height)
                || (family.customResolutions() != null && family.customResolutions().allows(width, height));
        if (exact) {
            unified.put(takesSize && family.aspectRatios().isEmpty() ? "size" : "resolution", width + "x" + height);
            return;
        }
        List<String> ratios = family.aspectRatios().isEmpty() ? family.sizes() : family.aspectRatios();
        double wanted = Math.log((double) width / height);
        String closest = ratios.stream().filter(r -> r.contains(":"))
                .min(Comparator.comparingDouble(r -> Math.abs(Math.log(ratio(r)) - wanted)))
                .orElseThrow(() -> ApiException.invalidValue(param, "This model does not take '" + size + "'."));
        unified.put(family.aspectRatios().isEmpty() ? "size" : "aspect_ratio", closest);
    }

    private static double ratio(String r) {
        String[] parts = r.split(":");
        return Double.parseDouble(parts[0]) / Double.parseDouble(parts[1]);
    }
}
