package io.imagegate.account;

import io.imagegate.error.ApiException;
import io.imagegate.support.Ids;
import io.imagegate.webhook.WebhookSigner;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
public class AccountService {

    private static final String CHECK_VIOLATION = "23514";
    private static final String NUMERIC_OUT_OF_RANGE = "22003";

    private final Pool pool;
    private final AccountRepository accounts;
    private final Ledger ledger;

    AccountService(Pool pool, AccountRepository accounts, Ledger ledger) {
        this.pool = pool;
        this.accounts = accounts;
        this.ledger = ledger;
    }

    public Uni<Account> create(String name, long initialCredits) {
        String id = Ids.account();
        return pool.withTransaction(tx -> accounts.insert(tx, id, name, WebhookSigner.newSecret())
                        .chain(() -> initialCredits > 0
                                ? ledger.credit(tx, id, initialCredits, "topup", "initial credits")
                                : Uni.createFrom().voidItem())
                        .chain(() -> accounts.find(tx, id)))
                .map(found -> found.orElseThrow());
    }

    /** Caps the tasks the account may have pending or in progress at once; null removes the cap. */
    public Uni<Account> setConcurrencyCap(String id, Integer cap) {
        if (cap != null && cap < 1) {
            return Uni.createFrom().failure(ApiException.invalidValue("max_concurrent_tasks",
                    "'max_concurrent_tasks' must be 1 or more, or null for no cap."));
        }
        return accounts.setConcurrencyCap(id, cap).map(found -> found.orElseThrow(() -> ApiException.notFound("Account " + id)));
    }

    public Uni<Account> get(String id) {
        return accounts.find(id).map(found -> found.orElseThrow(() -> ApiException.notFound("Account " + id)));
    }

    /** A top-up (positive amount) or an adjustment (negative), ledgered; never takes the balance below zero. */
    public Uni<Account> credit(String id, long amount, String reason) {
        String kind = amount > 0 ? "topup" : "adjustment";
        return pool.withTransaction(tx -> ledger.lockBalances(tx, List.of(id))
                        .chain(balances -> {
                            if (!balances.containsKey(id)) {
                                throw ApiException.notFound("Account " + id);
                            }
                            return ledger.credit(tx, id, amount, kind, reason);
                        })
                        .chain(() -> accounts.find(tx, id)))
                .map(found -> found.orElseThrow())
                .onFailure(AccountService::isCheckViolation)
                .transform(e -> ApiException.invalidValue("amount", "The adjustment would make the balance negative."))
                .onFailure(AccountService::isOverflow)
                .transform(e -> ApiException.invalidValue("amount", "The top-up would take the balance beyond "
                        + Long.MAX_VALUE + " credits."));
    }

    public Uni<List<LedgerEntry>> ledger(String accountId, Long beforeId, int limit) {
        return get(accountId).chain(() -> ledger.entries(accountId, beforeId, limit));
    }

    private static boolean isOverflow(Throwable e) {
        return e instanceof PgException pg && NUMERIC_OUT_OF_RANGE.equals(pg.getSqlState());
    }

    private static boolean isCheckViolation(Throwable e) {
        return e instanceof PgException pg && CHECK_VIOLATION.equals(pg.getSqlState());
    }
}
