package io.imagegate.support;

import io.imagegate.config.ImagegateConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** This process's name as an owner of leases (tasks, deliveries): configured, or random per start. */
@ApplicationScoped
public class Replica {

    private final String id;

    Replica(ImagegateConfig config) {
        this.id = config.replicaId().orElse(Ids.random("replica-", 10));
    }

    public String id() {
        return id;
    }
}
