package io.imagegate.provider;

import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What every HTTP provider adapter reads from the image URLs an upstream answers with. */
public final class ImageUrls {

    private static final Pattern EXPIRY = Pattern.compile("[?&]exp=(\\d{9,12})");

    private ImageUrls() {
    }

    public static String contentType(String url) {
        String path = URI.create(url).getPath().toLowerCase(Locale.ROOT);
        if (path.endsWith(".jpg") || path.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        return path.endsWith(".webp") ? "image/webp" : "image/png";
    }

    /** When a signed URL stops working, if it says so ({@code exp=} unix seconds, as Ideogram's do). */
    public static Instant expiresAt(String url) {
        Matcher m = EXPIRY.matcher(url);
        return m.find() ? Instant.ofEpochSecond(Long.parseLong(m.group(1))) : null;
    }
}
