package io.imagegate.testing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** A gateway that runs nothing and accepts at most three pending tasks. */
public class Backpressure implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("imagegate.dispatch.enabled", "false", "imagegate.submit.max-pending", "3");
    }
}
