package io.imagegate.account;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The home of the {@code accounts} table: every statement on it, and the fragments other statements compose. */
@ApplicationScoped
public class AccountRepository {

    /**
     * For a statement whose CTE {@code inserted} holds new tasks: moves each account's new holds from its balance to
     * its reserved credits. The accounts must be locked and their balances checked.
     */
    public static final String RESERVE_FOR_INSERTED = """
            UPDATE accounts a SET balance = a.balance - h.credits, reserved = a.reserved + h.credits, updated_at = now()
            FROM (SELECT account_id, sum(credits_reserved) AS credits FROM inserted WHERE credits_reserved > 0
                  GROUP BY account_id) h
            WHERE a.id = h.account_id""";

    /**
     * The signing secrets of the account whose id is {@code accountId} (a column), as two columns: the current one,
     * and the previous one while its grace lasts.
     */
    public static String signingSecretsOf(String accountId) {
        return "(SELECT a.webhook_secret FROM accounts a WHERE a.id = " + accountId + "), "
                + "(SELECT CASE WHEN a.previous_secret_expires_at > now() THEN a.previous_webhook_secret END "
                + "FROM accounts a WHERE a.id = " + accountId + ")";
    }

    private final Pool pool;

    AccountRepository(Pool pool) {
        this.pool = pool;
    }

    /** Locks the accounts in id order (so concurrent batches never deadlock) and returns their spendable balances. */
    public Uni<Map<String, Long>> lockBalances(SqlClient tx, List<String> accountIds) {
        if (accountIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return tx.preparedQuery("SELECT id, balance FROM accounts WHERE id = ANY($1) ORDER BY id FOR UPDATE")
                .execute(Tuple.of(accountIds.toArray(String[]::new)))
                .map(AccountRepository::countsByFirstColumn);
    }

    /** Adds each delta to its account's balance and reserved credits; the accounts must be locked. */
    Uni<Void> addToBalances(SqlClient tx, String[] ids, Long[] balances, Long[] reserved) {
        return tx.preparedQuery("""
                        UPDATE accounts a SET balance = a.balance + d.balance, reserved = a.reserved + d.reserved,
                                              updated_at = now()
                        FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS d(id, balance, reserved)
                        WHERE a.id = d.id""")
                .execute(Tuple.of(ids, balances, reserved))
                .replaceWithVoid();
    }

    /**
     * For accounts with a concurrency cap: how many more tasks they may have pending or in progress now.
     * {@code activeTasksOfA} is the owner of tasks' count of account {@code a}'s active tasks.
     */
    public Uni<Map<String, Long>> concurrencyRoom(SqlClient tx, List<String> accountIds, String activeTasksOfA) {
        return tx.preparedQuery("SELECT a.id, a.max_concurrent_tasks - (" + activeTasksOfA + ") FROM accounts a "
                        + "WHERE a.id = ANY($1) AND a.max_concurrent_tasks IS NOT NULL")
                .execute(Tuple.of(accountIds.toArray(String[]::new)))
                .map(AccountRepository::countsByFirstColumn);
    }

    public Uni<Optional<String>> webhookSecret(String accountId) {
        return pool.preparedQuery("SELECT webhook_secret FROM accounts WHERE id = $1")
                .execute(Tuple.of(accountId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString(0)));
    }

    /** Makes {@code newSecret} the signing secret; the one it replaces keeps signing for {@code graceSeconds}. */
    public Uni<String> rotateWebhookSecret(String accountId, String newSecret, double graceSeconds) {
        return pool.preparedQuery("""
                        UPDATE accounts SET previous_webhook_secret = webhook_secret,
                               previous_secret_expires_at = now() + make_interval(secs => $3),
                               webhook_secret = $2, updated_at = now()
                        WHERE id = $1 RETURNING webhook_secret""")
                .execute(Tuple.of(accountId, newSecret, graceSeconds))
                .map(rows -> rows.iterator().next().getString(0));
    }

    Uni<Void> insert(SqlClient tx, String id, String name, String webhookSecret) {
        return tx.preparedQuery("INSERT INTO accounts (id, name, webhook_secret) VALUES ($1, $2, $3)")
                .execute(Tuple.of(id, name, webhookSecret))
                .replaceWithVoid();
    }

    Uni<Optional<Account>> find(SqlClient client, String id) {
        return client.preparedQuery("SELECT id, name, balance, reserved, max_concurrent_tasks, created_at FROM accounts WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(account(rows.iterator().next())));
    }

    Uni<Optional<Account>> setConcurrencyCap(String id, Integer cap) {
        return pool.preparedQuery("UPDATE accounts SET max_concurrent_tasks = $2, updated_at = now() WHERE id = $1 RETURNING id")
                .execute(Tuple.of(id, cap))
                .chain(rows -> find(id));
    }

    Uni<Optional<Account>> find(String id) {
        return find(pool, id);
    }

    private static Map<String, Long> countsByFirstColumn(RowSet<Row> rows) {
        Map<String, Long> counts = new HashMap<>();
        rows.forEach(row -> counts.put(row.getString(0), row.getLong(1)));
        return counts;
    }

    private static Account account(Row row) {
        return new Account(row.getString("id"), row.getString("name"), row.getLong("balance"), row.getLong("reserved"),
                row.getInteger("max_concurrent_tasks"), row.getOffsetDateTime("created_at").toInstant());
    }
}
