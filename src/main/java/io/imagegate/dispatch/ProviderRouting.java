package io.imagegate.dispatch;

import io.imagegate.catalog.CatalogModel;
import io.imagegate.catalog.Routing;
import io.imagegate.config.ImagegateConfig;
import io.imagegate.provider.Provider;
import io.imagegate.provider.sandbox.SandboxProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Maps a model to the provider that serves it: its own provider when one is installed, else the sandbox
 * when the operator opted into the fallback ({@code IMAGEGATE_SANDBOX_FALLBACK}).
 */
@ApplicationScoped
public class ProviderRouting implements Routing {

    private final Map<String, Provider> providers;
    private final boolean sandboxFallback;

    ProviderRouting(Instance<Provider> providers, ImagegateConfig config) {
        this.providers = providers.stream().collect(Collectors.toUnmodifiableMap(Provider::id, Function.identity()));
        this.sandboxFallback = config.sandbox().fallback();
    }

    @Override
    public Optional<String> providerFor(CatalogModel model) {
        if (providers.containsKey(model.provider())) {
            return Optional.of(model.provider());
        }
        return sandboxFallback ? Optional.of(SandboxProvider.ID) : Optional.empty();
    }

    Provider provider(String id) {
        return providers.get(id);
    }

    Iterable<Provider> providers() {
        return providers.values();
    }
}
