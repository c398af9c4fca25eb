package io.imagegate.ops;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutiny callbacks run as written, not wrapped in context capture and restore: a dependency that brings the
 * context-propagation decorator back (see the exclusion in pom.xml) puts that cost on every stage of every task.
 */
@QuarkusTest
class MutinyCallbacksTest {

    @Test
    void callbacksAreNotDecorated() {
        Runnable runnable = () -> { };
        Function<String, String> function = String::trim;

        assertThat(Infrastructure.decorate(runnable)).isSameAs(runnable);
        assertThat(Infrastructure.decorate(function)).isSameAs(function);
    }
}
