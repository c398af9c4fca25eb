package io.imagegate.ratelimit;

import io.imagegate.auth.Caller;
import io.imagegate.config.ImagegateConfig;
import io.imagegate.error.ApiException;
import io.imagegate.ops.GatewayMetrics;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Per-key request rate limits ({@code rate_limit_per_minute} of the key), shared by every replica through one
 * atomic GCRA script in Redis. If Redis does not answer within its budget the replica limits on its own, to
 * its share of the limit (the limit divided by the replicas last seen beating, {@link LiveReplicas}), raises the
 * degraded gauge, and never fails the request because of the limiter.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    private static final String SCRIPT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local interval = tonumber(ARGV[1])
            local tolerance = tonumber(ARGV[2])
            local tat = tonumber(redis.call('GET', KEYS[1]) or now)
            if tat < now then tat = now end
            local allow_at = tat - tolerance
            if allow_at > now then return allow_at - now end
            redis.call('SET', KEYS[1], tat + interval, 'PX', tat + interval - now + interval)
            return 0
            """;

    private final Redis redis;
    private final ImagegateConfig config;
    private final LiveReplicas replicas;
    private final Map<String, Gcra> local = new ConcurrentHashMap<>();
    private final AtomicBoolean degraded = new AtomicBoolean();

    RateLimiter(Redis redis, ImagegateConfig config, GatewayMetrics metrics, LiveReplicas replicas) {
        this.redis = redis;
        this.config = config;
        this.replicas = replicas;
        metrics.gauge("imagegate.rate.limiter.degraded", "store", "redis", () -> degraded.get() ? 1 : 0);
    }

    /** Fails with 429 {@code rate_limited} and a Retry-After when the caller's key is over its rate. */
    public Uni<Void> check(Caller caller) {
        Integer perMinute = caller.rateLimitPerMinute();
        if (perMinute == null) {
            return Uni.createFrom().voidItem();
        }
        long interval = 60_000L / perMinute;
        Request request = Request.cmd(Command.EVAL).arg(SCRIPT).arg(1)
                .arg(config.redis().prefix() + "ratelimit:" + caller.keyId())
                .arg(interval).arg(interval * (perMinute - 1L));
        return redis.send(request)
                .ifNoItem().after(config.rateLimit().redisTimeout()).fail()
                .map(Response::toLong)
                .invoke(() -> degraded.set(false))
                .onFailure().recoverWithItem(e -> fallback(caller, perMinute, e))
                .map(waitMillis -> {
                    if (waitMillis > 0) {
                        throw ApiException.rateLimited("This key is limited to " + perMinute
                                + " requests per minute; retry after the time in Retry-After.",
                                (int) Math.max(1, (waitMillis + 999) / 1000));
                    }
                    return null;
                });
    }

    public boolean degraded() {
        return degraded.get();
    }

    private long fallback(Caller caller, int perMinute, Throwable e) {
        if (degraded.compareAndSet(false, true)) {
            LOG.warnf("Rate limiting falls back to this replica's share: Redis did not answer (%s)", e.getMessage());
        }
        int share = Math.max(1, perMinute / replicas.count());
        return local.computeIfAbsent(caller.keyId(), id -> new Gcra()).acquire(System.currentTimeMillis(), share);
    }
}
