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

    Ideogram ideogram();

    Cogview cogview();

    Inputs inputs();

    Results results();

    Resilience resilience();

    RateLimit rateLimit();

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

        /** On shutdown, how long running tasks get to finish before they are handed back to other replicas. */
        @WithDefault("10s")
        Duration drainTimeout();

        /** How often expired leases are looked for. */
        @WithDefault("5s")
        Duration rescueInterval();

        /** Most tasks claimed in one statement. */
        @WithDefault("128")
        int claimBatch();

        /** Most task ends written in one transaction. */
        @WithDefault("512")
        int finishMaxBatch();

        /** Finish transactions in flight at once (each on a connection of the commits pool). */
        @WithDefault("2")
        int finishConcurrentBatches();

        /** Leases renewed per statement, so that each holds its row locks briefly. */
        @WithDefault("500")
        int renewChunk();
    }

    interface Submit {
        /** Most submissions committed in one transaction. */
        @WithDefault("512")
        int maxBatch();

        /** Pending tasks beyond which submissions are refused with 503 overloaded. */
        @WithDefault("100000")
        long maxPending();

        /** Submission lanes: each account uses one, each lane has one group-commit transaction in flight. */
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

    interface Ideogram {
        /** Ideogram's API. */
        @WithDefault("https://api.ideogram.ai")
        String baseUrl();

        /** Pool of upstream keys; each has its own in-flight budget. */
        Optional<List<String>> apiKeys();

        /** Images one key may have in flight (Ideogram's default limit is 10). */
        @WithDefault("10")
        int maxInflightImages();

        /** The 3.0 edit endpoint under /v1/ideogram-v3/: the current {@code inpaint}, or the deprecated {@code edit}. */
        @WithDefault("inpaint")
        String editEndpoint();
    }

    interface Cogview {
        /** Base URL of the OpenAI-style images API (Zhipu's CogView by default). */
        @WithDefault("https://open.bigmodel.cn/api/paas/v4")
        String baseUrl();

        Optional<List<String>> apiKeys();

        @WithDefault("10")
        int maxInflightImages();
    }

    interface Inputs {
        /** Allow input image URLs on loopback and private networks: for tests and local demos only. */
        @WithDefault("false")
        boolean allowPrivateTargets();

        /** Largest input image, and largest total of one reference group. */
        @WithDefault("10485760")
        int maxBytes();

        /** Time to fetch one input image. */
        @WithDefault("20s")
        Duration fetchTimeout();
    }

    /** Downloads of finished images from providers, for answers that carry the bytes ({@code b64_json}). */
    interface Results {
        /** Allow result URLs on loopback and private networks: for tests and upstreams on a private network. */
        @WithDefault("false")
        boolean allowPrivateTargets();

        /** Largest image downloaded. */
        @WithDefault("52428800")
        long maxBytes();

        /** Time to download one image. */
        @WithDefault("60s")
        Duration fetchTimeout();
    }

    interface RateLimit {
        /**
         * Replicas assumed to share Redis until their heartbeats have been read once; after that the live count is
         * used. Without Redis each replica limits a key to limit / replicas.
         */
        @WithDefault("3")
        int replicas();

        /** How long the limiter waits for Redis before limiting on its own. */
        @WithDefault("100ms")
        Duration redisTimeout();
    }

    interface Resilience {
        /** Retries of a retryable upstream failure on the same route, with exponential backoff and jitter. */
        @WithDefault("2")
        int maxRetries();

        @WithDefault("200ms")
        Duration retryDelay();

        /** Calls in the breaker's window before it may open. */
        @WithDefault("10")
        int breakerRequestVolume();

        /** Share of failed calls in the window that opens the breaker. */
        @WithDefault("0.5")
        double breakerFailureRatio();

        /** How long an open breaker waits before a half-open probe. */
        @WithDefault("30s")
        Duration breakerDelay();

        /** How long a key rests after Ideogram answers 429 inflight_limit without a Retry-After. */
        @WithDefault("5s")
        Duration keyCooldown();
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
