package io.imagegate.webhook;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where a callback delivery is: pending (due, or waiting for its next attempt), delivered, failed after its last
 * attempt, or disabled because the receiver answered 410 Gone.
 */
public enum DeliveryStatus {
    PENDING, DELIVERED, FAILED, DISABLED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeliveryStatus fromWire(String value) {
        return Arrays.stream(values()).filter(status -> status.wire().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No delivery status " + value));
    }
}
