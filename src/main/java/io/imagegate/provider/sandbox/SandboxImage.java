package io.imagegate.provider.sandbox;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything needed to draw one sandbox image, and its URL path, which carries all of it:
 * {@code /sandbox/images/{W}x{H}/{key}[-t].{png|jpeg}}. An image is a pure function of its path, so
 * any replica serves any image and nothing needs storing.
 */
record SandboxImage(int width, int height, long key, boolean transparent, String format) {

    static final int MAX_SIDE = 4096;
    private static final Pattern NAME = Pattern.compile("([0-9a-f]{16})(-t)?\\.(png|jpeg)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,4})x(\\d{1,4})");

    String path() {
        return "/sandbox/images/" + width + "x" + height + "/" + String.format(Locale.ROOT, "%016x", key)
                + (transparent ? "-t" : "") + "." + format;
    }

    String contentType() {
        return "image/" + format;
    }

    static Optional<SandboxImage> parse(String size, String name) {
        Matcher s = SIZE.matcher(size);
        Matcher n = NAME.matcher(name);
        if (!s.matches() || !n.matches()) {
            return Optional.empty();
        }
        int width = Integer.parseInt(s.group(1));
        int height = Integer.parseInt(s.group(2));
        boolean transparent = n.group(2) != null;
        if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE || (transparent && !n.group(3).equals("png"))) {
            return Optional.empty();
        }
        return Optional.of(new SandboxImage(width, height, Long.parseUnsignedLong(n.group(1), 16), transparent, n.group(3)));
    }
}
