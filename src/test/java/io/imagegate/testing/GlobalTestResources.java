package io.imagegate.testing;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Declares {@link LocalServicesResource} once for every Quarkus test in the run. */
@WithTestResource(value = LocalServicesResource.class, scope = TestResourceScope.GLOBAL)
public final class GlobalTestResources {

    private GlobalTestResources() {
    }
}
