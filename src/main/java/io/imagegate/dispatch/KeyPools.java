package io.imagegate.dispatch;

import io.imagegate.config.ImagegateConfig;
import io.imagegate.ops.GatewayMetrics;
import io.imagegate.support.Sha256;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The upstream keys routes draw on, from the environment ({@code IMAGEGATE_IDEOGRAM_API_KEYS},
 * {@code IMAGEGATE_COGVIEW_API_KEYS}), each with its in-flight image budget, and the keys resting after
 * an upstream said they have too much in flight.
 */
@ApplicationScoped
class KeyPools {

    static final String SANDBOX = "sandbox";

    private record Pool(List<UpstreamKey> keys, int budget, String baseUrl) {
    }

    private final Map<String, Pool> pools;
    private final Map<String, Instant> resting = new ConcurrentHashMap<>();
    private final Duration defaultRest;

    KeyPools(ImagegateConfig config, GatewayMetrics metrics) {
        this.pools = Map.of(
                "ideogram", new Pool(keys("ideogram", config.ideogram().apiKeys().orElse(List.of())),
                        config.ideogram().maxInflightImages(), config.ideogram().baseUrl()),
                "cogview", new Pool(keys("cogview", config.cogview().apiKeys().orElse(List.of())),
                        config.cogview().maxInflightImages(), config.cogview().baseUrl()),
                SANDBOX, new Pool(List.of(new UpstreamKey("sandbox:local", "")),
                        config.sandbox().maxInflightImages(), null));
        this.defaultRest = config.resilience().keyCooldown();
        pools.forEach((pool, keys) -> keys.keys().forEach(key -> metrics.gauge("imagegate.key.budget.images", "key",
                key.id(), () -> budget(pool, key))));
    }

    List<UpstreamKey> keys(String pool) {
        return Optional.ofNullable(pools.get(pool)).map(Pool::keys).orElse(List.of());
    }

    /** The key's budget now: zero while it rests. */
    int budget(String pool, UpstreamKey key) {
        Instant until = resting.get(key.id());
        if (until != null && Instant.now().isBefore(until)) {
            return 0;
        }
        return pools.get(pool).budget();
    }

    String baseUrl(String pool) {
        return Optional.ofNullable(pools.get(pool)).map(Pool::baseUrl).orElse(null);
    }

    void rest(String keyId, Long retryAfterSeconds) {
        Duration rest = retryAfterSeconds == null ? defaultRest : Duration.ofSeconds(Math.max(1, retryAfterSeconds));
        resting.put(keyId, Instant.now().plus(rest));
    }

    private static List<UpstreamKey> keys(String pool, List<String> secrets) {
        return secrets.stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(secret -> new UpstreamKey(pool + ":" + fingerprint(secret), secret)).toList();
    }

    private static String fingerprint(String secret) {
        return HexFormat.of().formatHex(Sha256.of(secret), 0, 6);
    }
}
