package io.imagegate.testing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** A gateway that accepts tasks but neither runs them nor sends webhooks, so tests can look at waiting work. */
public class WorkersPaused implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("imagegate.dispatch.enabled", "false", "imagegate.webhooks.enabled", "false");
    }
}
