package io.imagegate.testing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** The gateway talking to the fake Ideogram and CogView, with no sandbox fallback and quick fault handling. */
public class RealUpstreams implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("imagegate.sandbox.fallback", "false"),
                Map.entry("imagegate.resilience.max-retries", "2"),
                Map.entry("imagegate.resilience.retry-delay", "50ms"),
                Map.entry("imagegate.resilience.breaker-request-volume", "4"),
                Map.entry("imagegate.resilience.breaker-failure-ratio", "0.75"),
                Map.entry("imagegate.resilience.breaker-delay", "2s"),
                Map.entry("imagegate.resilience.key-cooldown", "1s"),
                Map.entry("imagegate.dispatch.poll-interval", "100ms"));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FakeUpstreamsResource.class));
    }
}
