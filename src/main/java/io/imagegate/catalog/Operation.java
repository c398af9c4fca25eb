package io.imagegate.catalog;

import java.util.Arrays;
import java.util.Optional;

public enum Operation {
    GENERATE, EDIT, REMIX, REFRAME, REPLACE_BACKGROUND, UPSCALE, DESCRIBE;

    public String wire() {
        return name().toLowerCase();
    }

    public boolean needsPrompt() {
        return this != REFRAME && this != UPSCALE && this != DESCRIBE;
    }

    public boolean producesText() {
        return this == DESCRIBE;
    }

    public static Optional<Operation> fromWire(String value) {
        return Arrays.stream(values()).filter(op -> op.wire().equals(value)).findFirst();
    }
}
