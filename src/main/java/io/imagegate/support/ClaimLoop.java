package io.imagegate.support;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One claiming round at a time, and none lost: a wake-up while a round runs is remembered and runs one more round
 * after it, as does a round that says more may be waiting (it filled its batch). Shared by the dispatcher (tasks)
 * and the webhook worker (deliveries).
 */
public final class ClaimLoop {

    private static final Logger LOG = Logger.getLogger(ClaimLoop.class);

    private final String what;
    private final Supplier<Uni<Boolean>> round;
    private final AtomicBoolean claiming = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    /** {@code round} claims once and answers whether more may be waiting; {@code what} names it in the log. */
    public ClaimLoop(String what, Supplier<Uni<Boolean>> round) {
        this.what = what;
        this.round = round;
    }

    public void wake() {
        if (!claiming.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        Uni.createFrom().<Boolean>deferred(round::get).subscribe().with(this::finished, e -> {
            LOG.warnf("Claiming %s failed: %s", what, e.getMessage());
            finished(false);
        });
    }

    private void finished(boolean mayBeMore) {
        claiming.set(false);
        if (again.getAndSet(false) || mayBeMore) {
            wake();
        }
    }
}
