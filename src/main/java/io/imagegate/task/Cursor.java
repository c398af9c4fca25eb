package io.imagegate.task;

import io.imagegate.error.ApiException;
import io.imagegate.support.QueryParams;
import io.imagegate.support.StorableText;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** An opaque page position: the (created_at, id) of the last task of the previous page. */
record Cursor(Instant createdAt, String id) {

    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((createdAt.toString() + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8).split("\\|", 2);
            StorableText.require("cursor", parts[1]);
            return new Cursor(QueryParams.inRange(Instant.parse(parts[0])), parts[1]);
        } catch (RuntimeException e) {
            throw ApiException.invalidValue("cursor", "'cursor' is not a cursor this API returned.");
        }
    }

    static Cursor after(Task task) {
        return new Cursor(task.createdAt(), task.id());
    }
}
