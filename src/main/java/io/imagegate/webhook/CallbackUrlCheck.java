package io.imagegate.webhook;

import io.imagegate.config.ImagegateConfig;
import io.imagegate.error.ApiException;
import io.imagegate.net.SsrfGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Refuses, at submission, a callback URL the sender would refuse at delivery. */
@ApplicationScoped
public class CallbackUrlCheck {

    private final SsrfGuard guard;
    private final ImagegateConfig config;

    CallbackUrlCheck(SsrfGuard guard, ImagegateConfig config) {
        this.guard = guard;
        this.config = config;
    }

    public Uni<Void> check(String url) {
        if (url == null) {
            return Uni.createFrom().voidItem();
        }
        return guard.check(url, config.webhooks().allowPrivateTargets()).replaceWithVoid()
                .onFailure(SsrfGuard.RefusedTarget.class)
                .transform(e -> ApiException.invalidValue("callback_url", e.getMessage() + (config.webhooks().allowPrivateTargets()
                        ? "" : " (IMAGEGATE_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true allows http and private addresses: for "
                        + "local receivers in development only)")));
    }
}
