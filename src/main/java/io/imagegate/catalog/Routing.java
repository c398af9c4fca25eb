package io.imagegate.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Which provider serves a model on this gateway, if any; implemented by the dispatcher. */
public interface Routing {

    Optional<String> providerFor(CatalogModel model);

    /** Whether a provider can take the model's work right now (no open circuit breaker in the way). */
    boolean canServeNow(CatalogModel model);

    boolean knowsProvider(String provider);

    /** The shortest timeout of the sandbox routes that would serve the model; empty if no sandbox route would. */
    Optional<Duration> sandboxTimeout(CatalogModel model);

    List<String> providerIds();
}
