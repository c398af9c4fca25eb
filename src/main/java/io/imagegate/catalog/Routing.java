package io.imagegate.catalog;

import java.util.List;
import java.util.Optional;

/** Which provider serves a model on this gateway, if any; implemented by the dispatcher. */
public interface Routing {

    Optional<String> providerFor(CatalogModel model);

    /** Whether a provider can take the model's work right now (no open circuit breaker in the way). */
    boolean canServeNow(CatalogModel model);

    boolean knowsProvider(String provider);

    List<String> providerIds();
}
