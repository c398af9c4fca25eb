package io.imagegate.support;

import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the "commits" datasource's pool on a Vert.x instance with one event loop of its own. Group commits wait
 * on their transaction's round trips while a whole group of callers waits on them; on the shared event loops a
 * database reply would queue behind every HTTP request that arrived meanwhile. Results still reach callers on
 * their own context ({@link GroupCommit} delivers there). Several URLs are used in turn, as Quarkus does.
 *
 * <p>The client caches prepared statements only up to {@link #CACHED_SQL_LIMIT} characters of SQL (Vert.x's
 * default, 2,048, would leave out the submission's write, which then costs an extra round trip to prepare it on
 * every use).
 */
@Singleton
@ReactiveDataSource("commits")
public class CommitsPoolCreator implements PgPoolCreator {

    private static final int CACHED_SQL_LIMIT = 8192;

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
            .setInternalBlockingPoolSize(1));

    @Override
    public Pool create(Input input) {
        List<PgConnectOptions> servers = input.pgConnectOptionsList();
        servers.forEach(server -> server.setPreparedStatementCacheSqlLimit(CACHED_SQL_LIMIT));
        AtomicInteger next = new AtomicInteger();
        return PgBuilder.pool().with(input.poolOptions())
                .connectingTo(() -> Future.succeededFuture(servers.get(Math.floorMod(next.getAndIncrement(), servers.size()))))
                .using(vertx)
                .build();
    }

    /** Waits (boundedly) so that the pool's last callbacks run while the application is still up. */
    @PreDestroy
    void close() throws InterruptedException, ExecutionException, TimeoutException {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
