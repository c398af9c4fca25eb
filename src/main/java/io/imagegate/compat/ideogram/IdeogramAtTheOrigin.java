package io.imagegate.compat.ideogram;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Ideogram's paths at the root as well as under {@code /ideogram}: clients that keep only the origin of their base
 * URL (such as {@code @aigne/ideogram}, which builds {@code new URL(baseURL).origin + "/v1/ideogram-v3/generate"})
 * work with just the gateway's origin. None of these paths collides with another route family.
 */
@ApplicationScoped
class IdeogramAtTheOrigin {

    static final String PATHS = "/(v1/ideogram-v3/[^/?]+|v1/ideogram-v4/generate|generate|edit|remix|upscale|describe)";

    void install(@Observes Router router) {
        router.routeWithRegex(PATHS).order(Integer.MIN_VALUE + 1)
                .handler(context -> context.reroute("/ideogram" + context.request().uri()));
    }
}
