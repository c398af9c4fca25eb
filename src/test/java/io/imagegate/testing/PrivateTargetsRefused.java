package io.imagegate.testing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;
import java.util.Set;

/** Production SSRF settings, with names resolved by {@link StubResolver} so no test ever reaches a real host. */
public class PrivateTargetsRefused implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("imagegate.webhooks.allow-private-targets", "false", "imagegate.inputs.allow-private-targets", "false");
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(StubResolver.class);
    }
}
