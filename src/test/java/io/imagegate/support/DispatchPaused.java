package io.imagegate.support;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** A gateway that accepts tasks but runs none, so tests can look at pending work. */
public class DispatchPaused implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("imagegate.dispatch.enabled", "false");
    }
}
