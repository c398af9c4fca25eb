package io.imagegate.support;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

import java.util.function.Function;

/**
 * A transaction whose BEGIN travels with its first statements instead of a round trip ahead of them.
 *
 * <p>{@code work} is subscribed right after BEGIN is queued, so statements it issues at once are pipelined
 * behind BEGIN on the same connection. It commits when {@code work} succeeds and rolls back when it fails; a
 * connection closed with the transaction still open (BEGIN failed before {@code work} did) is rolled back by
 * the client.
 */
public final class Transactions {

    private Transactions() {
    }

    public static <T> Uni<T> pipelined(Pool pool, Function<SqlConnection, Uni<T>> work) {
        return pool.withConnection(conn -> Uni.combine().all()
                .unis(conn.begin(), Uni.createFrom().deferred(() -> work.apply(conn)))
                .asTuple()
                .onFailure().call(() -> conn.transaction() == null ? Uni.createFrom().voidItem()
                        : conn.transaction().rollback().onFailure().recoverWithNull())
                .chain(begun -> begun.getItem1().commit().replaceWith(begun.getItem2())));
    }
}
