package io.imagegate.error;

/**
 * The one error vocabulary: every failure a client sees is one of these, made by a named factory below and rendered
 * as {@link ErrorBody} (or in a compatibility dialect's shape). docs/API.md lists the types.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String param;
    private final Integer retryAfterSeconds;

    private ApiException(int status, String type, String message, String param, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    private ApiException(int status, String type, String message, String param) {
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

    public static ApiException callbackNotSupported(String model) {
        return new ApiException(400, "callback_not_supported",
                "Model '" + model + "' does not deliver callbacks; poll GET /api/v1/tasks/{id} instead.", "callback_url");
    }

    /** The prompt was rejected, or every image withheld, by the provider's safety check. */
    public static ApiException contentRejected(String message) {
        return new ApiException(400, "content_rejected", message, "prompt");
    }

    public static ApiException invalidAdminToken() {
        return new ApiException(401, "invalid_admin_token",
                "The admin API needs 'Authorization: Bearer <IMAGEGATE_ADMIN_TOKEN>'.", null);
    }

    public static ApiException modelNotFound(String id) {
        return new ApiException(404, "model_not_found", "The model '" + id
                + "' does not exist or you do not have access to it.", "model");
    }

    public static ApiException routeNotFound() {
        return new ApiException(404, "not_found", "No such route or resource.", null);
    }

    public static ApiException methodNotAllowed(String allowed) {
        return new ApiException(405, "method_not_allowed", "This method is not allowed here" + allowed + ".", null);
    }

    public static ApiException notAcceptable() {
        return new ApiException(406, "not_acceptable", "This route answers application/json only.", null);
    }

    public static ApiException payloadTooLarge(String message) {
        return new ApiException(413, "payload_too_large", message, null);
    }

    public static ApiException uriTooLong(int max) {
        return new ApiException(414, "uri_too_long", "The request URI is longer than " + max + " characters.", null);
    }

    public static ApiException unsupportedMediaType(String message, String param) {
        return new ApiException(415, "unsupported_media_type", message, param);
    }

    public static ApiException rateLimited(String message, int retryAfterSeconds) {
        return new ApiException(429, "rate_limited", message, null, retryAfterSeconds);
    }

    /** Any other refusal by the HTTP layer, with its status. */
    public static ApiException refused(int status) {
        return status >= 500 ? internalError() : new ApiException(status, "invalid_request", "The request was refused.", null);
    }

    public static ApiException internalError() {
        return new ApiException(500, "internal_error", "Something went wrong on our side; retry later.", null);
    }

    public static ApiException providerError(String message) {
        return new ApiException(502, "provider_error", message, null);
    }

    public static ApiException unavailable() {
        return new ApiException(503, "unavailable",
                "The gateway cannot reach its database right now; nothing was written, retry shortly.", null, 5);
    }

    public static ApiException overloaded(int retryAfterSeconds) {
        return new ApiException(503, "overloaded", "The gateway has more work waiting than it accepts; retry later.",
                null, retryAfterSeconds);
    }

    /** Every route of the model is behind an open circuit breaker. */
    public static ApiException modelUnavailable(String model, int retryAfterSeconds) {
        return new ApiException(503, "model_unavailable", "Every route of model '" + model + "' is failing right now, "
                + "so nothing was accepted; retry in " + retryAfterSeconds + " s.", "model", retryAfterSeconds);
    }

    public static ApiException timedOut(String taskId) {
        return new ApiException(504, "timeout", "The task " + taskId + " is still running; poll GET /api/v1/tasks/"
                + taskId + " for its result.", null);
    }

    /** How a synchronous dialect reports a task that ended without images: the task's error type, with a status. */
    public static ApiException taskFailed(String type, String message) {
        int status = switch (type) {
            case "content_rejected" -> 422;
            case "invalid_input_image" -> 400;
            case "provider_timeout" -> 504;
            default -> 502;
        };
        return new ApiException(status, type, message, null);
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
