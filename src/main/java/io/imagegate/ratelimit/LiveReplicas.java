package io.imagegate.ratelimit;

import io.imagegate.config.ImagegateConfig;
import io.imagegate.support.Replica;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many replicas share the rate limits, counted from their heartbeats in Redis (a sorted set of replica ids
 * by last beat), so that the share each replica takes on its own while Redis is away follows the autoscaler. The
 * count is the last one read: when Redis goes away, replicas keep the count they saw just before.
 */
@ApplicationScoped
public class LiveReplicas {

    static final Duration BEAT = Duration.ofSeconds(5);
    static final Duration STALE = BEAT.multipliedBy(3);

    private final Redis redis;
    private final String key;
    private final String replica;
    private final AtomicInteger count;
    private Vertx vertx;
    private long timer = -1;

    @Inject
    LiveReplicas(Redis redis, ImagegateConfig config, Replica replica) {
        this(redis, config.redis().prefix() + "replicas", replica.id(), config.rateLimit().replicas());
    }

    LiveReplicas(Redis redis, String key, String replica, int assumed) {
        this.redis = redis;
        this.key = key;
        this.replica = replica;
        this.count = new AtomicInteger(assumed);
    }

    /** The replicas that beat within the last {@link #STALE}, as last read; the configured number until then. */
    public int count() {
        return count.get();
    }

    void start(@Observes StartupEvent ignored, Vertx vertx) {
        this.vertx = vertx;
        beat().subscribe().with(n -> { }, e -> { });
        timer = vertx.setPeriodic(BEAT.toMillis(), id -> beat().subscribe().with(n -> { }, e -> { }));
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (vertx != null) {
            vertx.cancelTimer(timer);
        }
        redis.send(Request.cmd(Command.ZREM).arg(key).arg(replica))
                .ifNoItem().after(Duration.ofSeconds(1)).fail()
                .onFailure().recoverWithNull()
                .await().indefinitely();
    }

    /** Records this replica's beat, forgets replicas that stopped beating, and reads how many are left. */
    Uni<Integer> beat() {
        long now = System.currentTimeMillis();
        return redis.batch(List.of(
                        Request.cmd(Command.ZADD).arg(key).arg(now).arg(replica),
                        Request.cmd(Command.ZREMRANGEBYSCORE).arg(key).arg("-inf").arg(now - STALE.toMillis()),
                        Request.cmd(Command.PEXPIRE).arg(key).arg(STALE.toMillis()),
                        Request.cmd(Command.ZCARD).arg(key)))
                .map(answers -> answers.get(3).toInteger())
                .invoke(live -> count.set(Math.max(1, live)));
    }
}
