package io.imagegate.testing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** A gateway whose Redis is unreachable from start to end (port 1 on loopback answers nothing). */
public class RedisUnreachable implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:1", "quarkus.redis.timeout", "500ms",
                "imagegate.tasks.wait-poll-interval", "500ms");
    }
}
