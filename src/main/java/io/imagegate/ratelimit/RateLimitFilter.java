package io.imagegate.ratelimit;

import io.imagegate.auth.Callers;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Refuses a {@link RateLimited} request with 429 once its caller is known and before its body is read. */
public class RateLimitFilter {

    private final Callers callers;
    private final RateLimiter limiter;

    RateLimitFilter(Callers callers, RateLimiter limiter) {
        this.callers = callers;
        this.limiter = limiter;
    }

    @RateLimited
    @ServerRequestFilter
    public Uni<Void> check() {
        return callers.current().chain(limiter::check);
    }
}
