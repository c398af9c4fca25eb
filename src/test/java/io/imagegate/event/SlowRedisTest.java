package io.imagegate.event;

import io.imagegate.testing.Api;
import io.imagegate.testing.Api.Customer;
import io.imagegate.testing.TcpProxy;
import io.imagegate.testing.ThroughProxies;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Redis that stops answering (connections open, no replies until its 30-s timeout) must not hold up task
 * completions: publication happens after commit, and finishes do not wait for it.
 */
@QuarkusTest
@TestProfile(SlowRedisTest.StalledRedisProfile.class)
class SlowRedisTest {

    public static class StalledRedisProfile extends ThroughProxies {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("quarkus.redis.timeout", "30s");
            return overrides;
        }
    }

    @AfterEach
    void restore() {
        TcpProxy.restore("redis");
    }

    @Test
    void tasksKeepCompletingWhileRedisDoesNotAnswer() {
        Customer customer = Api.newCustomer(100);
        customer.terminal(customer.accepted("{\"prompt\": \"before the stall\"}"));
        TcpProxy.stall("redis");

        List<String> during = IntStream.range(0, 6)
                .mapToObj(i -> customer.accepted("{\"prompt\": \"while Redis is stalled " + i + "\"}"))
                .toList();

        for (String taskId : during) {
            assertThat(customer.terminal(taskId, Duration.ofSeconds(10)).getString("data.status"))
                    .as("task %s, ended while Redis answered nothing", taskId).isEqualTo("completed");
        }
    }
}
