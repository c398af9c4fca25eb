package io.imagegate.provider;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The REST clients of the upstream APIs, one per API, base URL and timeout (so one per route, each with its own
 * connection pool): no redirects, a connect timeout, the route's timeout to read the answer, and
 * {@link UpstreamErrors} for answers other than 200.
 */
@ApplicationScoped
public class UpstreamClients {

    private static final long CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int POOL_SIZE = 200;

    private record Key(Class<?> api, String baseUrl, Duration timeout) {
    }

    private final Map<Key, Object> clients = new ConcurrentHashMap<>();

    public <T> T of(Class<T> api, String upstream, String baseUrl, Duration timeout) {
        return api.cast(clients.computeIfAbsent(new Key(api, baseUrl, timeout), key -> build(key, upstream)));
    }

    private static Object build(Key key, String upstream) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(key.baseUrl().replaceAll("/+$", "")))
                .connectTimeout(CONNECT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .readTimeout(key.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .followRedirects(false)
                .userAgent("Imagegate/1")
                .property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, POOL_SIZE)
                .disableDefaultMapper(true)
                .register(new UpstreamErrors(upstream))
                .build(key.api());
    }
}
