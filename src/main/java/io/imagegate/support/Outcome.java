package io.imagegate.support;

/** The result of one item of a group-committed batch: a value, or the failure of that item alone. */
public record Outcome<O>(O value, Throwable failure) {

    public static <O> Outcome<O> ok(O value) {
        return new Outcome<>(value, null);
    }

    public static <O> Outcome<O> failed(Throwable failure) {
        return new Outcome<>(null, failure);
    }
}
