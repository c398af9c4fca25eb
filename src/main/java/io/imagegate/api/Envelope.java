package io.imagegate.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code {"code": 200, "message": "success", "data": ...}}, the body of every /api/v1 success. */
@RegisterForReflection
public record Envelope<T>(int code, String message, T data) {

    public static <T> Envelope<T> ok(T data) {
        return new Envelope<>(200, "success", data);
    }
}
