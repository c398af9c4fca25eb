package io.imagegate.provider;

import io.smallrye.mutiny.Uni;

/** An upstream that turns a task into images (or descriptions). Adapters live in sub-packages. */
public interface Provider {

    /** The name routes refer to, such as {@code sandbox} or {@code ideogram}. */
    String id();

    /** Fails with {@link ProviderException} when the provider refuses or cannot answer. */
    Uni<ProviderResult> run(ProviderCall call);
}
