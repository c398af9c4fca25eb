package io.imagegate.net;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import java.time.Duration;

/** Request options that dial exactly the address the SSRF guard checked, keep the name for Host and SNI, and never follow a redirect. */
public final class PinnedRequests {

    private PinnedRequests() {
    }

    public static RequestOptions to(SsrfGuard.Target target, HttpMethod method, Duration idleTimeout) {
        String path = target.uri().getRawPath() == null || target.uri().getRawPath().isEmpty() ? "/" : target.uri().getRawPath();
        String query = target.uri().getRawQuery() == null ? "" : "?" + target.uri().getRawQuery();
        return new RequestOptions()
                .setMethod(method)
                .setServer(SocketAddress.inetSocketAddress(target.address().getPort(),
                        target.address().getAddress().getHostAddress()))
                .setHost(target.host())
                .setPort(target.address().getPort())
                .setSsl(target.tls())
                .setURI(path + query)
                .setFollowRedirects(false)
                .setIdleTimeout(idleTimeout.toMillis());
    }
}
