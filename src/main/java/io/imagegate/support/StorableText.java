package io.imagegate.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.imagegate.error.ApiException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Text Postgres can hold. {@code text} and {@code jsonb} refuse U+0000, and {@code jsonb} refuses an unpaired UTF-16
 * surrogate; a string with either would fail the whole statement it rides in, so it is refused where it enters.
 */
public final class StorableText {

    private StorableText() {
    }

    /** A 400 naming {@code field} unless {@code value} can be stored. */
    public static void require(String field, String value) {
        if (value != null && !storable(value)) {
            throw ApiException.invalidValue(field, "'" + field
                    + "' contains a character that cannot be stored (U+0000 or an unpaired surrogate).");
        }
    }

    /** A 400 unless a parameter's or field's name can be stored; the error names it as well as it can be shown. */
    public static void requireName(String name) {
        require(sanitise(name), name);
    }

    /** Every field name and string value of a JSON tree, named by its path ({@code a.b[2]}). */
    public static void requireTree(JsonNode node) {
        requireTree(null, node);
    }

    private static void requireTree(String path, JsonNode node) {
        if (node.isTextual()) {
            require(path == null ? "body" : path, node.textValue());
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                requireTree((path == null ? "" : path) + "[" + i + "]", node.get(i));
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String name = field.getKey();
                if (!storable(name)) {
                    throw ApiException.invalidRequest(path, "A field name contains a character that cannot be stored "
                            + "(U+0000 or an unpaired surrogate).");
                }
                requireTree(path == null ? name : path + "." + name, field.getValue());
            }
        }
    }

    public static boolean storable(CharSequence value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** {@code tree} with {@link #sanitise} applied to every string value and field name, in place. */
    public static JsonNode sanitiseTree(JsonNode tree) {
        if (tree instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode value = sanitiseTree(object.remove(name));
                object.set(sanitise(name), value);
            }
        } else if (tree instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, sanitiseTree(array.get(i)));
            }
        } else if (tree.isTextual() && !storable(tree.textValue())) {
            return TextNode.valueOf(sanitise(tree.textValue()));
        }
        return tree;
    }

    /** {@code value} with each character Postgres cannot hold replaced by U+FFFD: for text from the outside world. */
    public static String sanitise(String value) {
        if (value == null || storable(value)) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (pair) {
                out.append(c).append(value.charAt(++i));
            } else if (c == 0 || Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
