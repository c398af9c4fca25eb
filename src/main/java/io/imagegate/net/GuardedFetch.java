package io.imagegate.net;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * The one way the gateway downloads a URL it did not build (an input image, a provider's result): through the SSRF
 * guard, to exactly the address it checked, no redirects, at most {@code maxBytes}, within {@code timeout}.
 */
@ApplicationScoped
public class GuardedFetch {

    /** Why a download was refused or failed, as a clause a client can act on ("it answered HTTP 404"). */
    public static class FetchFailed extends RuntimeException {
        FetchFailed(String why) {
            super(why, null, false, false);
        }
    }

    private final HttpClient client;
    private final SsrfGuard guard;

    GuardedFetch(Vertx vertx, SsrfGuard guard) {
        this.client = vertx.createHttpClient(new HttpClientOptions().setVerifyHost(true).setForceSni(true));
        this.guard = guard;
    }

    public Uni<byte[]> bytes(String url, boolean allowPrivate, long maxBytes, Duration timeout) {
        return guard.check(url, allowPrivate)
                .onFailure(SsrfGuard.RefusedTarget.class).transform(e -> new FetchFailed(e.getMessage().replaceAll("\\.$", "")))
                .chain(target -> client.request(PinnedRequests.to(target, HttpMethod.GET, timeout)))
                .chain(request -> request.send())
                .chain(response -> {
                    if (response.statusCode() != 200) {
                        return Uni.createFrom().failure(new FetchFailed("it answered HTTP " + response.statusCode()
                                + (response.statusCode() / 100 == 3 ? " (redirects are not followed)" : "")));
                    }
                    return response.toMulti().collect().in(Buffer::buffer, (all, chunk) -> {
                        if (all.length() + chunk.length() > maxBytes) {
                            throw new FetchFailed("it is larger than " + maxBytes + " bytes");
                        }
                        all.appendBuffer(chunk);
                    });
                })
                .ifNoItem().after(timeout).failWith(() -> new FetchFailed("it could not be fetched within "
                        + timeout.toSeconds() + " s"))
                .map(Buffer::getBytes)
                .onFailure(e -> !(e instanceof FetchFailed)).transform(e -> new FetchFailed("it could not be fetched: "
                        + e.getMessage()));
    }
}
