package io.imagegate.webhook;

import io.imagegate.config.ImagegateConfig;
import io.imagegate.net.PinnedRequests;
import io.imagegate.net.SsrfGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeoutException;

/**
 * Sends one signed delivery attempt: through the SSRF guard again (DNS may have changed since
 * submission), to exactly the address it checked, with no redirects followed and a bounded total time.
 */
@ApplicationScoped
class WebhookSender {

    private final HttpClient client;
    private final SsrfGuard guard;
    private final ImagegateConfig config;

    WebhookSender(Vertx vertx, SsrfGuard guard, ImagegateConfig config) {
        Duration timeout = config.webhooks().timeout();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) timeout.toMillis())
                .setKeepAlive(false)
                .setVerifyHost(true)
                .setForceSni(true)
                .setMaxPoolSize(config.webhooks().maxInflight()));
        this.guard = guard;
        this.config = config;
    }

    Uni<AttemptResult> send(Delivery delivery) {
        long started = System.currentTimeMillis();
        long timestamp = started / 1000;
        Duration timeout = config.webhooks().timeout();
        return guard.check(delivery.url(), config.webhooks().allowPrivateTargets())
                .chain(target -> post(target, delivery, timestamp))
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException("no answer within " + timeout.toSeconds() + " s"))
                .map(response -> new AttemptResult(started, elapsed(started), response.statusCode(), null,
                        retryAfter(response.getHeader("Retry-After"))))
                .onFailure().recoverWithItem(e -> new AttemptResult(started, elapsed(started), null, describe(e), null));
    }

    private Uni<HttpClientResponse> post(SsrfGuard.Target target, Delivery delivery, long timestamp) {
        RequestOptions options = PinnedRequests.to(target, HttpMethod.POST, config.webhooks().timeout())
                .putHeader("content-type", "application/json")
                .putHeader("user-agent", "Imagegate-Webhooks/1")
                .putHeader("webhook-id", delivery.messageId())
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature",
                        WebhookSigner.header(delivery.secrets(), delivery.messageId(), timestamp, delivery.body()));
        return client.request(options)
                .chain(request -> request.send(delivery.body()))
                .call(HttpClientResponse::end);
    }

    private static int elapsed(long started) {
        return (int) (System.currentTimeMillis() - started);
    }

    private static String describe(Throwable e) {
        if (e instanceof SsrfGuard.RefusedTarget || e instanceof TimeoutException) {
            return e.getMessage();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 200 ? message.substring(0, 200) : message;
    }

    static Long retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Math.max(0, Long.parseLong(header.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, at.toEpochSecond() - System.currentTimeMillis() / 1000);
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }
}
