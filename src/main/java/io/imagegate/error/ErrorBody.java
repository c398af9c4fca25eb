package io.imagegate.error;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code {"error": {"code", "type", "message", "param"}}}, the body of every error response. */
@RegisterForReflection
public record ErrorBody(Detail error) {

    @RegisterForReflection
    public record Detail(int code, String type, String message, String param) {
    }

    public static ErrorBody of(ApiException e) {
        return new ErrorBody(new Detail(e.status(), e.type(), e.getMessage(), e.param()));
    }
}
