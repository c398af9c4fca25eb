package io.imagegate.task;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a task is: pending until a replica starts it, in progress on one, then completed, failed or canceled. */
public enum TaskStatus {
    PENDING, IN_PROGRESS, COMPLETED, FAILED, CANCELED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELED;
    }

    public static Optional<TaskStatus> fromWire(String value) {
        return Arrays.stream(values()).filter(status -> status.wire().equals(value)).findFirst();
    }
}
