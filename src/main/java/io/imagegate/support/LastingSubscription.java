package io.imagegate.support;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import org.jboss.logging.Logger;

import java.util.function.Supplier;

/** A Redis subscription made again a second after it fails, until it is stopped. Redis is never the source of truth. */
public final class LastingSubscription {

    private static final Logger LOG = Logger.getLogger(LastingSubscription.class);
    private static final long RESUBSCRIBE_MILLIS = 1_000;

    private final Vertx vertx;
    private final String what;
    private final Supplier<Uni<?>> subscribe;
    private volatile boolean stopped;

    public LastingSubscription(Vertx vertx, String what, Supplier<Uni<?>> subscribe) {
        this.vertx = vertx;
        this.what = what;
        this.subscribe = subscribe;
    }

    public void start() {
        if (stopped) {
            return;
        }
        subscribe.get().subscribe().with(subscriber -> LOG.debugf("Subscribed to %s", what), e -> {
            LOG.debugf("The subscription to %s failed (%s); retrying", what, e.getMessage());
            vertx.setTimer(RESUBSCRIBE_MILLIS, id -> start());
        });
    }

    public void stop() {
        stopped = true;
    }
}
