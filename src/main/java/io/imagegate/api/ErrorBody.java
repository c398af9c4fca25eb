package io.imagegate.api;

/** {@code {"error": {"code", "type", "message", "param"}}}, the body of every error response. */
public record ErrorBody(Detail error) {

    public record Detail(int code, String type, String message, String param) {
    }

    public static ErrorBody of(ApiException e) {
        return new ErrorBody(new Detail(e.status(), e.type(), e.getMessage(), e.param()));
    }
}
