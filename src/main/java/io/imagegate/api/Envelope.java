package io.imagegate.api;

/** {@code {"code": 200, "message": "success", "data": ...}}, the body of every /api/v1 success. */
public record Envelope<T>(int code, String message, T data) {

    public static <T> Envelope<T> ok(T data) {
        return new Envelope<>(200, "success", data);
    }
}
