package io.imagegate.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Operator configuration; every key is also an {@code IMAGEGATE_*} environment variable. */
@ConfigMapping(prefix = "imagegate")
public interface ImagegateConfig {

    /** Bearer token of the admin API; without it the admin API refuses every request. */
    Optional<String> adminToken();

    /** Base URL clients reach the gateway at, used in the image URLs it serves. */
    @WithDefault("http://localhost:8080")
    String publicUrl();

    /** Name of this replica, used as the lease owner of the tasks it runs; random when unset. */
    Optional<String> replicaId();

    Redis redis();

    Sandbox sandbox();

    Dispatch dispatch();

    Submit submit();

    Tasks tasks();

    Auth auth();

    Events events();

    Webhooks webhooks();

    interface Redis {
        /** Prefix of every Redis key and channel the gateway uses. */
        @WithDefault("imagegate:")
        String prefix();

        /** Approximate length the task-events stream is trimmed to. */
        @WithDefault("100000")
        long streamMaxLength();
    }

    interface Sandbox {
        /** Route every model without an upstream key to the sandbox provider. */
        @WithDefault("false")
        boolean fallback();

        /** Time the sandbox takes per task, to imitate a real provider. */
        @WithDefault("0s")
        Duration latency();

        /** Images the sandbox generates at once on one replica. */
        @WithDefault("256")
        int maxInflightImages();
    }

    interface Dispatch {
        /** Whether this replica claims and runs tasks. */
        @WithDefault("true")
        boolean enabled();

        /** How often the dispatcher looks for pending tasks when nothing woke it. */
        @WithDefault("250ms")
        Duration pollInterval();

        /** How long a claimed task stays owned without renewal; an expired task is claimed again. */
        @WithDefault("30s")
        Duration lease();

        /** Claims of one task before it fails and its credits are released. */
        @WithDefault("3")
        int maxAttempts();

        /** Longest a provider may take for one task before the attempt fails with provider_timeout. */
        @WithDefault("180s")
        Duration providerTimeout();

        /** How often expired leases are looked for. */
        @WithDefault("5s")
        Duration rescueInterval();

        /** Most tasks claimed in one statement. */
        @WithDefault("128")
        int claimBatch();
    }

    interface Submit {
        /** Most submissions committed in one transaction. */
        @WithDefault("512")
        int maxBatch();

        /** Group-commit transactions in flight at once. */
        @WithDefault("4")
        int concurrentBatches();
    }

    interface Tasks {
        /** Longest {@code ?wait=} a client may ask for. */
        @WithDefault("60s")
        Duration maxWait();

        /** How often waiting requests re-read Postgres, in case a Redis notification was lost. */
        @WithDefault("2s")
        Duration waitPollInterval();

        /** How long Idempotency-Key records are kept. */
        @WithDefault("24h")
        Duration idempotencyRetention();
    }

    interface Webhooks {
        /** Whether this replica sends webhooks. */
        @WithDefault("true")
        boolean enabled();

        /** Allow callback URLs on loopback and private networks: for tests and local demos only. */
        @WithDefault("false")
        boolean allowPrivateTargets();

        /** Delays before each retry after the first attempt; jittered by ±10 %. */
        @WithDefault("5s,5m,30m,2h,5h,10h,10h")
        List<Duration> retrySchedule();

        /** Connect and total time one attempt may take. */
        @WithDefault("15s")
        Duration timeout();

        /** How long the previous secret still signs after a rotation. */
        @WithDefault("24h")
        Duration rotationGrace();

        /** How often due deliveries are looked for when nothing woke the sender. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Deliveries in flight at once on one replica. */
        @WithDefault("64")
        int maxInflight();
    }

    interface Events {
        /** How often unpublished task events are sent to Redis again. */
        @WithDefault("2s")
        Duration relayInterval();
    }

    interface Auth {
        /** How long a verified API key is trusted without reading Postgres again. */
        @WithDefault("5s")
        Duration cacheTtl();
    }
}
