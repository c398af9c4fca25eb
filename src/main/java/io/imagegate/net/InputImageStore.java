package io.imagegate.net;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagegate.config.ImagegateConfig;
import io.imagegate.support.Sha256;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Keeps the images a task's input carries inline once, per account and content hash, and puts a reference in their
 * place: {@code {"sha256", "content_type", "bytes", "url"}}, where {@code url} serves the image to the account's keys.
 */
@ApplicationScoped
public class InputImageStore {

    public static final List<String> FIELDS = List.of("image", "mask_image", "reference_images", "character_reference_images");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** A stored image and its type. */
    public record Stored(byte[] bytes, String contentType) {
    }

    private final Pool pool;
    private final ImagegateConfig config;

    InputImageStore(Pool pool, ImagegateConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /** The input with every inline image stored and replaced by its reference; the input itself when it has none. */
    public Uni<ObjectNode> keep(String accountId, ObjectNode input) {
        Map<String, ImageBytes> inline = new LinkedHashMap<>();
        ObjectNode kept = input.deepCopy();
        for (String field : FIELDS) {
            JsonNode value = kept.get(field);
            if (value != null && value.isTextual()) {
                kept.set(field, reference(value.asText(), inline));
            } else if (value instanceof ArrayNode list) {
                for (int i = 0; i < list.size(); i++) {
                    list.set(i, reference(list.get(i).asText(), inline));
                }
            }
        }
        return inline.isEmpty() ? Uni.createFrom().item(input) : insert(accountId, inline).replaceWith(kept);
    }

    /** The image the account stored under this hash, if any. */
    public Uni<Optional<Stored>> read(String accountId, String sha256) {
        if (!SHA256.matcher(sha256).matches()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return pool.preparedQuery("SELECT data, content_type FROM input_images WHERE account_id = $1 AND sha256 = $2")
                .execute(Tuple.of(accountId, sha256))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(stored(rows.iterator().next())));
    }

    /** Whether this part of an input is a reference to a stored image. */
    public static boolean isReference(JsonNode value) {
        return value.isObject() && value.hasNonNull("sha256");
    }

    private JsonNode reference(String value, Map<String, ImageBytes> inline) {
        if (!value.startsWith("data:")) {
            return JsonNodeFactory.instance.textNode(value);
        }
        ImageBytes image = ImageBytes.dataUri(value).flatMap(ImageBytes::sniff)
                .orElseThrow(() -> new IllegalArgumentException("an inline image passed validation but cannot be read"));
        String sha256 = sha256(image.bytes());
        inline.putIfAbsent(sha256, image);
        return JsonNodeFactory.instance.objectNode()
                .put("sha256", sha256)
                .put("content_type", image.contentType())
                .put("bytes", image.bytes().length)
                .put("url", config.publicUrl() + "/api/v1/inputs/" + sha256);
    }

    private Uni<Void> insert(String accountId, Map<String, ImageBytes> inline) {
        List<Tuple> rows = new ArrayList<>();
        inline.forEach((sha256, image) -> rows.add(Tuple.of(accountId, sha256, image.contentType(), image.bytes().length,
                Buffer.buffer(image.bytes()))));
        return pool.preparedQuery("""
                        INSERT INTO input_images (account_id, sha256, content_type, bytes, data) VALUES ($1, $2, $3, $4, $5)
                        ON CONFLICT DO NOTHING""")
                .executeBatch(rows)
                .replaceWithVoid();
    }

    private static Stored stored(Row row) {
        return new Stored(row.getBuffer("data").getBytes(), row.getString("content_type"));
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(Sha256.of(bytes));
    }
}
