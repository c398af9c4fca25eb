package io.imagegate.account;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Money movements inside a caller's transaction. Every change appends ledger rows and updates the cached
 * balance/reserved of the account rows, which the caller has locked with {@link #lockBalances} in id order
 * (so concurrent batches never deadlock). Submissions write their holds in the statement that inserts their
 * tasks ({@code TaskRepository.accept}), so that one statement can travel with COMMIT.
 */
@ApplicationScoped
public class Ledger {

    /** For a statement whose CTE {@code inserted} holds new tasks: the hold of each task that reserves credits. */
    public static final String HOLDS_FOR_INSERTED = """
            INSERT INTO ledger_entries (account_id, task_id, kind, amount, hold)
            SELECT account_id, id, 'reserve', 0, credits_reserved FROM inserted WHERE credits_reserved > 0""";

    private final AccountRepository accounts;
    private final Pool pool;

    Ledger(AccountRepository accounts, Pool pool) {
        this.accounts = accounts;
        this.pool = pool;
    }

    /** Locks the accounts in id order and returns their spendable balances. */
    public Uni<Map<String, Long>> lockBalances(SqlClient tx, List<String> accountIds) {
        return accounts.lockBalances(tx, accountIds);
    }

    /**
     * Resolves each hold in one ledger entry (a task is resolved once): a capture of what its task consumed, which
     * releases the rest of the hold, or a release of all of it. The accounts must be locked.
     */
    public Uni<Void> settle(SqlClient tx, List<Settlement> settlements) {
        if (settlements.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Entries entries = new Entries();
        Deltas deltas = new Deltas();
        for (Settlement s : settlements) {
            entries.add(s.accountId(), s.taskId(), s.captured() > 0 ? "capture" : "release", -s.captured(), -s.held(), null);
            deltas.add(s.accountId(), s.released(), -s.held());
        }
        return apply(tx, entries, deltas);
    }

    /** A top-up (positive) or adjustment; fails with a check violation if it would make the balance negative. */
    public Uni<Void> credit(SqlClient tx, String accountId, long amount, String kind, String reason) {
        Entries entries = new Entries();
        entries.add(accountId, null, kind, amount, 0, reason);
        Deltas deltas = new Deltas();
        deltas.add(accountId, amount, 0);
        return apply(tx, entries, deltas);
    }

    /** The entries and the balance update go out together: in a transaction, either failing fails both. */
    private Uni<Void> apply(SqlClient tx, Entries entries, Deltas deltas) {
        return Uni.combine().all()
                .unis(tx.preparedQuery("""
                                INSERT INTO ledger_entries (account_id, task_id, kind, amount, hold, reason)
                                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[])""")
                                .execute(entries.tuple()),
                        accounts.addToBalances(tx, deltas.ids(), deltas.balances(), deltas.reserved()))
                .discardItems();
    }

    /** Entries older than {@code beforeId} (all when null), newest first. */
    Uni<List<LedgerEntry>> entries(String accountId, Long beforeId, int limit) {
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

    private static final class Entries {
        final List<String> accounts = new ArrayList<>();
        final List<String> tasks = new ArrayList<>();
        final List<String> kinds = new ArrayList<>();
        final List<Long> amounts = new ArrayList<>();
        final List<Long> holds = new ArrayList<>();
        final List<String> reasons = new ArrayList<>();

        void add(String account, String task, String kind, long amount, long hold, String reason) {
            accounts.add(account);
            tasks.add(task);
            kinds.add(kind);
            amounts.add(amount);
            holds.add(hold);
            reasons.add(reason);
        }

        Tuple tuple() {
            return Tuple.of(accounts.toArray(String[]::new), tasks.toArray(String[]::new), kinds.toArray(String[]::new),
                    amounts.toArray(Long[]::new), holds.toArray(Long[]::new)).addArrayOfString(reasons.toArray(String[]::new));
        }
    }

    private static final class Deltas {
        final Map<String, long[]> byAccount = new TreeMap<>();

        void add(String account, long balance, long reserved) {
            long[] delta = byAccount.computeIfAbsent(account, ignored -> new long[2]);
            delta[0] += balance;
            delta[1] += reserved;
        }

        String[] ids() {
            return byAccount.keySet().toArray(String[]::new);
        }

        Long[] balances() {
            return byAccount.values().stream().map(d -> d[0]).toArray(Long[]::new);
        }

        Long[] reserved() {
            return byAccount.values().stream().map(d -> d[1]).toArray(Long[]::new);
        }
    }
}
