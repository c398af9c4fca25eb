package io.imagegate.compat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagegate.catalog.ModelFamily;
import io.imagegate.catalog.Operation;
import io.imagegate.catalog.Shapes;
import io.imagegate.error.ApiException;

import java.util.Comparator;
import java.util.List;

/**
 * A pixel size from a dialect ({@code 1792x1024}) as the unified field the model takes. A size the model lists (or
 * its bounds allow) is taken as it is. OpenAI's own named sizes are mapped to the model's closest shape, and to a
 * resolution the model really produces where it has a table of them; any other size is refused, naming the
 * model's sizes, as OpenAI refuses sizes a model does not support.
 */
public final class SizeMapping {

    /** OpenAI's named sizes (besides {@code auto}): the only ones mapped to another size. */
    public static final List<String> OPENAI_NAMED = List.of("1024x1024", "1536x1024", "1024x1536", "1792x1024", "1024x1792");

    private SizeMapping() {
    }

    public static void apply(ModelFamily family, String size, String param, ObjectNode unified) {
        int[] wh = parse(size, param);
        String asked = wh[0] + "x" + wh[1];
        boolean takesSize = family.accepts(Operation.GENERATE, "size");
        String field = takesSize && family.aspectRatios().isEmpty() ? "size" : "resolution";
        boolean exact = family.resolutions().contains(asked)
                || (family.customResolutions() != null && family.customResolutions().allows(wh[0], wh[1]));
        if (exact) {
            unified.put(field, asked);
        } else if (!OPENAI_NAMED.contains(asked)) {
            throw ApiException.invalidValue(param, "'" + param + "' must be one of this model's sizes (" + sizes(family)
                    + ") or one of " + String.join(", ", OPENAI_NAMED) + ", auto.");
        } else if (!family.resolutions().isEmpty()) {
            double pixels = (double) wh[0] * wh[1];
            unified.put(field, Shapes.closest(family.resolutions(), (double) wh[0] / wh[1],
                    Comparator.comparingDouble(c -> Math.abs(Math.log(Shapes.area(c) / pixels)))));
        } else {
            List<String> ratios = family.aspectRatios().isEmpty() ? family.sizes() : family.aspectRatios();
            unified.put(family.aspectRatios().isEmpty() ? "size" : "aspect_ratio", Shapes.closest(
                    ratios.stream().filter(r -> r.contains(":")).toList(), (double) wh[0] / wh[1], (a, b) -> 0));
        }
    }

    private static int[] parse(String size, String param) {
        String[] wh = size.toLowerCase().split("x");
        try {
            return new int[] {Integer.parseInt(wh[0]), Integer.parseInt(wh[1])};
        } catch (RuntimeException e) {
            throw ApiException.invalidValue(param, "'" + param + "' must look like 1024x1024.");
        }
    }

    private static String sizes(ModelFamily family) {
        if (!family.resolutions().isEmpty()) {
            return String.join(", ", family.resolutions());
        }
        ModelFamily.PixelBounds bounds = family.customResolutions();
        return bounds == null ? String.join(", ", family.sizes()) : "WxH with each side " + bounds.min() + " to "
                + bounds.max() + " px, a multiple of " + bounds.multiple();
    }
}
