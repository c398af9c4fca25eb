package io.imagegate.api;

/** The one error vocabulary: every failure a client sees is one of these, rendered as {@link ErrorBody}. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String param;
    private final Integer retryAfterSeconds;

    public ApiException(int status, String type, String message, String param, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ApiException(int status, String type, String message, String param) {
        this(status, type, message, param, null);
    }

    public static ApiException invalidRequest(String param, String message) {
        return new ApiException(400, "invalid_request", message, param);
    }

    public static ApiException invalidValue(String param, String message) {
        return new ApiException(400, "invalid_value", message, param);
    }

    public static ApiException unsupportedParameter(String param, String message) {
        return new ApiException(400, "unsupported_parameter", message, param);
    }

    public static ApiException invalidApiKey() {
        return new ApiException(401, "invalid_api_key", "The API key is missing, unknown, expired or revoked.", null);
    }

    public static ApiException insufficientCredits(long needed, long balance) {
        return new ApiException(402, "insufficient_credits",
                "This request needs " + needed + " credits and the account has " + balance + " available; top up and retry.",
                null);
    }

    public static ApiException forbidden(String param, String message) {
        return new ApiException(403, "forbidden", message, param);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what + " was not found.", null);
    }

    public static ApiException conflict(String type, String message) {
        return new ApiException(409, type, message, null);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String param() {
        return param;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
