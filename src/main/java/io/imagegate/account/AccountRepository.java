package io.imagegate.account;

import io.imagegate.webhook.WebhookSigner;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
class AccountRepository {

    private final Pool pool;

    AccountRepository(Pool pool) {
        this.pool = pool;
    }

    Uni<Void> insert(SqlClient tx, String id, String name) {
        return tx.preparedQuery("INSERT INTO accounts (id, name, webhook_secret) VALUES ($1, $2, $3)")
                .execute(Tuple.of(id, name, WebhookSigner.newSecret()))
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

    /** Entries older than {@code beforeId} (all when null), newest first. */
    Uni<List<LedgerEntry>> ledger(String accountId, Long beforeId, int limit) {
        return pool.preparedQuery("""
                        SELECT id, account_id, task_id, kind, amount, hold, reason, created_at FROM ledger_entries
                        WHERE account_id = $1 AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3""")
                .execute(Tuple.of(accountId, beforeId, limit))
                .map(rows -> {
                    List<LedgerEntry> out = new ArrayList<>();
                    for (Row row : rows) {
                        out.add(new LedgerEntry(row.getLong("id"), row.getString("account_id"), row.getString("task_id"),
                                row.getString("kind"), row.getLong("amount"), row.getLong("hold"), row.getString("reason"),
                                row.getOffsetDateTime("created_at").toInstant()));
                    }
                    return out;
                });
    }

    private static Account account(Row row) {
        return new Account(row.getString("id"), row.getString("name"), row.getLong("balance"), row.getLong("reserved"),
                row.getInteger("max_concurrent_tasks"), row.getOffsetDateTime("created_at").toInstant());
    }
}
