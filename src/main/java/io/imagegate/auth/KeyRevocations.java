package io.imagegate.auth;

import io.imagegate.config.ImagegateConfig;
import io.imagegate.support.LastingSubscription;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Tells every replica at once that a key was revoked, over Redis pub/sub, so each drops it from its key cache. Redis
 * is only the fast path: a replica that misses the message (Redis down, subscription broken) stops trusting its
 * cached copy when the cache entry expires ({@code imagegate.auth.cache-ttl}).
 */
@ApplicationScoped
public class KeyRevocations {

    private static final Logger LOG = Logger.getLogger(KeyRevocations.class);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(1);

    private final ReactiveRedisDataSource redis;
    private final String channel;
    private final LastingSubscription subscription;
    private volatile Consumer<String> listener = lookup -> { };

    KeyRevocations(ReactiveRedisDataSource redis, Vertx vertx, ImagegateConfig config) {
        this.redis = redis;
        this.channel = config.redis().prefix() + "keys:revoked";
        this.subscription = new LastingSubscription(vertx, "key revocations",
                () -> redis.pubsub(String.class).subscribe(channel, lookup -> listener.accept(lookup)));
    }

    /** Where the lookups of revoked keys go, on whichever replica revoked them. */
    void onRevoked(Consumer<String> listener) {
        this.listener = listener;
    }

    /** Tells the other replicas; never fails (they fall back on the cache's expiry). */
    Uni<Void> announce(String lookup) {
        return redis.pubsub(String.class).publish(channel, lookup)
                .ifNoItem().after(PUBLISH_TIMEOUT).fail()
                .onFailure().invoke(e -> LOG.warnf("A key revocation was not announced on Redis (%s); other replicas "
                        + "drop the key when their cache entry expires", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    void start(@Observes StartupEvent ignored) {
        subscription.start();
    }

    void stop(@Observes ShutdownEvent ignored) {
        subscription.stop();
    }
}
