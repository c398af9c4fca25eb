package io.imagegate.net;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * An input image as bytes, with its type and size read from the content itself (magic numbers and headers),
 * never from a file name or a declared content type. JPEG, PNG and WebP only.
 */
public record ImageBytes(byte[] bytes, String contentType, int width, int height) {

    /** The longest side an input image may have. */
    public static final int MAX_SIDE = 16_384;

    public String extension() {
        return contentType.substring("image/".length()).replace("jpeg", "jpg");
    }

    /**
     * The image in {@code bytes}, or empty when they are not a JPEG, PNG or WebP whose size can be read and is
     * plausible: each side 1 to {@link #MAX_SIDE} pixels.
     */
    public static Optional<ImageBytes> sniff(byte[] bytes) {
        return read(bytes).filter(image -> image.width() >= 1 && image.height() >= 1
                && image.width() <= MAX_SIDE && image.height() <= MAX_SIDE);
    }

    private static Optional<ImageBytes> read(byte[] bytes) {
        if (startsWith(bytes, 0, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})) {
            return pngHeader(bytes) ? Optional.of(new ImageBytes(bytes, "image/png", int32(bytes, 16), int32(bytes, 20)))
                    : Optional.empty();
        }
        if (bytes.length > 3 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xD8 && (bytes[2] & 0xff) == 0xFF) {
            return jpegSize(bytes).map(size -> new ImageBytes(bytes, "image/jpeg", size[0], size[1]));
        }
        if (startsWith(bytes, 0, ascii("RIFF")) && startsWith(bytes, 8, ascii("WEBP")) && bytes.length >= 30) {
            return webpSize(bytes).map(size -> new ImageBytes(bytes, "image/webp", size[0], size[1]));
        }
        return Optional.empty();
    }

    /** A PNG's first chunk is a whole IHDR (13 bytes, CRC intact) with a valid bit depth for its colour type. */
    private static boolean pngHeader(byte[] b) {
        if (b.length < 33 || int32(b, 8) != 13 || !startsWith(b, 12, ascii("IHDR"))) {
            return false;
        }
        CRC32 crc = new CRC32();
        crc.update(b, 12, 17);
        int depth = b[24] & 0xff;
        int colour = b[25] & 0xff;
        boolean depthFits = switch (colour) {
            case 0 -> depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
            case 3 -> depth == 1 || depth == 2 || depth == 4 || depth == 8;
            case 2, 4, 6 -> depth == 8 || depth == 16;
            default -> false;
        };
        return depthFits && (int) crc.getValue() == int32(b, 29);
    }

    /** The bytes of a base64 {@code data:} URI, or empty if it is not one. */
    public static Optional<byte[]> dataUri(String value) {
        int comma = value.indexOf(',');
        if (!value.startsWith("data:") || comma < 0 || !value.substring(0, comma).endsWith(";base64")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Base64.getMimeDecoder().decode(value.substring(comma + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<int[]> jpegSize(byte[] b) {
        int i = 2;
        while (i + 9 < b.length) {
            if ((b[i] & 0xff) != 0xFF) {
                return Optional.empty();
            }
            int marker = b[i + 1] & 0xff;
            int length = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame) {
                int height = ((b[i + 5] & 0xff) << 8) | (b[i + 6] & 0xff);
                int width = ((b[i + 7] & 0xff) << 8) | (b[i + 8] & 0xff);
                return Optional.of(new int[] {width, height});
            }
            i += 2 + length;
        }
        return Optional.empty();
    }

    private static Optional<int[]> webpSize(byte[] b) {
        if (startsWith(b, 12, ascii("VP8X"))) {
            return Optional.of(new int[] {1 + int24le(b, 24), 1 + int24le(b, 27)});
        }
        if (startsWith(b, 12, ascii("VP8L"))) {
            int bits = (b[21] & 0xff) | (b[22] & 0xff) << 8 | (b[23] & 0xff) << 16 | (b[24] & 0xff) << 24;
            return Optional.of(new int[] {1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)});
        }
        if (startsWith(b, 12, ascii("VP8 "))) {
            return Optional.of(new int[] {((b[26] & 0xff) | (b[27] & 0xff) << 8) & 0x3FFF,
                    ((b[28] & 0xff) | (b[29] & 0xff) << 8) & 0x3FFF});
        }
        return Optional.empty();
    }

    private static int int32(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static int int24le(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16;
    }

    private static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
        if (bytes.length < at + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
