package io.imagegate.testing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** A gateway that reaches Postgres and Redis through proxies the test can cut (see {@link TcpProxy}). */
public class ThroughProxies implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.redis.timeout", "1s", "imagegate.tasks.wait-poll-interval", "500ms",
                "quarkus.datasource.reactive.reconnect-attempts", "0");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(LocalServicesResource.class, Map.of("proxied", "true")));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
