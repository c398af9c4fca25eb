package io.imagegate.provider;

/** A provider's refusal or failure, with the error type the task ends with. */
public class ProviderException extends RuntimeException {

    private final String type;
    private final boolean retryable;
    private final Long retryAfterSeconds;
    private final boolean keyAtLimit;

    public ProviderException(String type, String message, boolean retryable) {
        this(type, message, retryable, null, false);
    }

    private ProviderException(String type, String message, boolean retryable, Long retryAfterSeconds, boolean keyAtLimit) {
        super(message, null, false, false);
        this.type = type;
        this.retryable = retryable;
        this.retryAfterSeconds = retryAfterSeconds;
        this.keyAtLimit = keyAtLimit;
    }

    /** The upstream key has too much in flight (Ideogram's 429 inflight_limit): rest the key, not the route. */
    public static ProviderException keyAtLimit(String message, Long retryAfterSeconds) {
        return new ProviderException("provider_error", message, true, retryAfterSeconds, true);
    }

    public static ProviderException retryable(String type, String message, Long retryAfterSeconds) {
        return new ProviderException(type, message, true, retryAfterSeconds, false);
    }

    public static ProviderException invalidInput(String message) {
        return new ProviderException("invalid_input_image", message, false);
    }

    public static ProviderException error(String message) {
        return new ProviderException("provider_error", message, false);
    }

    public static ProviderException contentRejected(String message) {
        return new ProviderException("content_rejected", message, false);
    }

    public String type() {
        return type;
    }

    /** Whether another attempt (or another route) could succeed. */
    public boolean retryable() {
        return retryable;
    }

    public boolean keyAtLimit() {
        return keyAtLimit;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** A failure that says the route is unwell: counts for its circuit breaker and moves work to another route. */
    public static boolean isRouteFailure(Throwable e) {
        return e instanceof ProviderException p && p.retryable() && !p.keyAtLimit();
    }
}
