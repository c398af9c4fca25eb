package io.imagegate.ops;

import io.imagegate.config.ImagegateConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** In dev mode, says at start-up how to reach the gateway, with what admin token, and what to do next. */
@ApplicationScoped
class DevBanner {

    private static final Logger LOG = Logger.getLogger(DevBanner.class);

    void show(@Observes StartupEvent ignored, ImagegateConfig config) {
        if (LaunchMode.current() != LaunchMode.DEVELOPMENT) {
            return;
        }
        LOG.infof("""

                Imagegate is up at %1$s (dev mode: every model is served by the sandbox, webhooks and input images
                may point at local and private addresses).
                  Admin token: %2$s
                  Next: create an account and a key, then submit a task:
                    curl -s -X POST %1$s/admin/v1/accounts -H 'Authorization: Bearer %2$s' \\
                      -H 'Content-Type: application/json' -d '{"name": "demo", "credits": 100}'
                  (the README's walkthrough goes on from there)
                """, config.publicUrl(), config.adminToken().orElse("(none: set IMAGEGATE_ADMIN_TOKEN)"));
    }
}
