package io.imagegate.compat;

import io.imagegate.config.ImagegateConfig;
import io.imagegate.error.ApiException;
import io.imagegate.net.GuardedFetch;
import io.imagegate.provider.sandbox.SandboxImages;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Downloads a finished image for dialects that answer with bytes ({@code b64_json}). A provider's URL is not ours:
 * it goes through the same guard as a client's (a compromised upstream must not make the gateway read an internal
 * address), with a size and a time cap.
 */
@ApplicationScoped
public class ResultImages {

    private static final Logger LOG = Logger.getLogger(ResultImages.class);

    private final GuardedFetch fetch;
    private final ImagegateConfig config;

    ResultImages(GuardedFetch fetch, ImagegateConfig config) {
        this.fetch = fetch;
        this.config = config;
    }

    public Uni<byte[]> bytes(String url) {
        if (url.startsWith(config.publicUrl() + "/sandbox/images/")) {
            return Uni.createFrom().item(() -> SandboxImages.render(url))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .map(Optional::orElseThrow);
        }
        return fetch.bytes(url, config.results().allowPrivateTargets(), config.results().maxBytes(),
                        config.results().fetchTimeout())
                .onFailure(GuardedFetch.FetchFailed.class).transform(e -> {
                    LOG.warnf("A finished image was not downloaded: %s", e.getMessage());
                    return ApiException.providerError("The finished image could not be downloaded.");
                });
    }
}
