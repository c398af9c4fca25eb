package io.imagegate.provider;

import java.time.Duration;

/** Where one attempt goes: the route's upstream model and base URL, and the key of the pool it drew. */
public record UpstreamTarget(String routeId, String upstreamModel, String baseUrl, String apiKey, Duration timeout) {
}
