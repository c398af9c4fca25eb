package io.imagegate.compat;

import io.imagegate.api.ApiException;
import io.imagegate.config.ImagegateConfig;
import io.imagegate.provider.sandbox.SandboxImages;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** Downloads a finished image for dialects that answer with bytes ({@code b64_json}). */
@ApplicationScoped
public class ResultImages {

    private final WebClient client;
    private final ImagegateConfig config;

    ResultImages(Vertx vertx, ImagegateConfig config) {
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(10_000).setFollowRedirects(true));
        this.config = config;
    }

    public Uni<byte[]> bytes(String url) {
        if (url.startsWith(config.publicUrl() + "/sandbox/images/")) {
            return Uni.createFrom().item(() -> SandboxImages.render(url))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .map(Optional::orElseThrow);
        }
        return client.getAbs(url).timeout(60_000).send().map(response -> {
            if (response.statusCode() != 200) {
                throw new ApiException(502, "provider_error", "The finished image could not be downloaded.", null);
            }
            return response.bodyAsBuffer().getBytes();
        });
    }
}
