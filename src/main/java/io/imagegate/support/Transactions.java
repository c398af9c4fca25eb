package io.imagegate.support;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.function.Function;

/**
 * A transaction whose statements are pipelined: BEGIN and every statement {@code work} issues without waiting
 * for an earlier result go out together, one round trip for all of them.
 *
 * <p>The Vert.x {@code Transaction} object is not used because it sends a transaction's statements one at a
 * time, each after the previous answer. Here BEGIN and COMMIT are plain statements on the connection, which
 * pipelines what it is given. COMMIT is sent only after every statement of {@code work} succeeded, so a failure
 * anywhere (in Postgres, while encoding a statement in the client, or of COMMIT itself) ends in ROLLBACK, sent
 * before the connection goes back to the pool.
 *
 * <p>{@code withConnection} matters: it runs the transaction to its end even when the caller cancels, whereas
 * closing the connection on cancellation would return it to the pool with the transaction open, for its next
 * user's COMMIT to commit.
 */
public final class Transactions {

    private Transactions() {
    }

    public static <T> Uni<T> pipelined(Pool pool, Function<SqlConnection, Uni<T>> work) {
        return pool.withConnection(conn -> begun(conn, work)
                .call(() -> conn.query("COMMIT").execute())
                .onFailure().call(() -> rollback(conn)));
    }

    /** BEGIN and what {@code work} issues without waiting, in one round trip; its result. */
    static <T> Uni<T> begun(SqlConnection conn, Function<SqlConnection, Uni<T>> work) {
        return Uni.combine().all()
                .unis(conn.query("BEGIN").execute(), Uni.createFrom().deferred(() -> work.apply(conn)))
                .with((begun, result) -> result);
    }

    static Uni<Void> rollback(SqlConnection conn) {
        return conn.query("ROLLBACK").execute().onFailure().recoverWithNull().replaceWithVoid();
    }

    /** The single statement that ends a {@link PipelinedLane} transaction, or none when nothing is to be written. */
    public record Write<T>(String sql, Tuple arguments, Function<RowSet<Row>, T> result, T withoutWriting) {

        public static <T> Write<T> of(String sql, Tuple arguments, Function<RowSet<Row>, T> result) {
            return new Write<>(sql, arguments, result, null);
        }

        public static <T> Write<T> nothing(T result) {
            return new Write<>(null, null, null, result);
        }

        public <R> Write<R> map(Function<T, R> then) {
            return sql == null ? nothing(then.apply(withoutWriting)) : of(sql, arguments, result.andThen(then));
        }

        Uni<T> send(SqlConnection conn) {
            return sql == null ? Uni.createFrom().item(withoutWriting)
                    : conn.preparedQuery(sql).execute(arguments).map(result);
        }
    }
}
