package io.imagegate.testing;

import io.imagegate.testing.Api.Customer;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

/**
 * For tests that drive real provider adapters against the fake upstreams: each test starts with the fakes emptied
 * and fault-free, every circuit breaker closed, and a new customer with 1,000 credits.
 */
public abstract class AgainstFakeUpstreams {

    @Inject
    protected CircuitBreakerMaintenance breakers;

    protected Customer customer;

    @BeforeEach
    void freshUpstreams() throws InterruptedException {
        Fake.resetAll();
        breakers.resetAll();
        customer = Api.newCustomer(1_000);
    }
}
