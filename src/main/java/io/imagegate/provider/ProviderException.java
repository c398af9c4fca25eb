package io.imagegate.provider;

/** A provider's refusal or failure, with the error type the task ends with. */
public class ProviderException extends RuntimeException {

    private final String type;
    private final boolean retryable;

    public ProviderException(String type, String message, boolean retryable) {
        super(message, null, false, false);
        this.type = type;
        this.retryable = retryable;
    }

    public static ProviderException error(String message) {
        return new ProviderException("provider_error", message, true);
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
}
