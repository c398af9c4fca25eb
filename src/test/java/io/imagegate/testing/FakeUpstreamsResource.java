package io.imagegate.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Starts {@link FakeUpstreams} and points the gateway's Ideogram and CogView pools at it. */
public class FakeUpstreamsResource implements QuarkusTestResourceLifecycleManager {

    private FakeUpstreams fakes;

    @Override
    public Map<String, String> start() {
        try {
            fakes = new FakeUpstreams();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.of(
                "imagegate.ideogram.base-url", fakes.baseUrl("a"),
                "imagegate.ideogram.api-keys", FakeUpstreams.KEY,
                "imagegate.cogview.base-url", fakes.baseUrl("cogview"),
                "imagegate.cogview.api-keys", FakeUpstreams.COGVIEW_KEY,
                "fake.upstreams.base-url", fakes.baseUrl(""));
    }

    @Override
    public void stop() {
        if (fakes != null) {
            fakes.close();
        }
    }
}
