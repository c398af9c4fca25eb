package io.imagegate.support;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class GroupCommitTest {

    private final List<List<Integer>> batches = new ArrayList<>();
    private final List<CompletableFuture<Void>> gates = new ArrayList<>();

    private Uni<List<Outcome<String>>> flush(List<Integer> items) {
        batches.add(items);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        gates.add(gate);
        return Uni.createFrom().completionStage(gate).map(ignored -> items.stream()
                .map(i -> i % 5 == 0 ? Outcome.<String>failed(new IllegalStateException("no " + i)) : Outcome.ok("ok " + i))
                .toList());
    }

    @Test
    void requestsArrivingDuringAFlushLeaveTogetherInTheNext() {
        GroupCommit<Integer, String> commit = new GroupCommit<>(this::flush, 100, 1);
        List<UniAssertSubscriber<String>> results = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            results.add(commit.submit(i).subscribe().withSubscriber(UniAssertSubscriber.create()));
        }
        assertThat(batches).containsExactly(List.of(1));

        gates.get(0).complete(null);
        assertThat(batches).containsExactly(List.of(1), List.of(2, 3, 4, 5, 6, 7, 8, 9, 10));
        gates.get(1).complete(null);

        results.get(0).assertItem("ok 1");
        results.get(3).assertItem("ok 4");
        results.get(4).assertFailedWith(IllegalStateException.class, "no 5");
        results.get(9).assertFailedWith(IllegalStateException.class, "no 10");
    }

    @Test
    void batchesNeverExceedTheirLimitAndRunUpToTheConcurrency() {
        GroupCommit<Integer, String> commit = new GroupCommit<>(this::flush, 3, 2);
        for (int i = 1; i <= 8; i++) {
            commit.submit(i).subscribe().withSubscriber(UniAssertSubscriber.create());
        }
        assertThat(batches).containsExactly(List.of(1), List.of(2));
        gates.get(0).complete(null);
        assertThat(batches).containsExactly(List.of(1), List.of(2), List.of(3, 4, 5));
        gates.get(1).complete(null);
        assertThat(batches).last().isEqualTo(List.of(6, 7, 8));
    }

    @Test
    void aFailedFlushFailsEveryItemOfItsBatchOnly() {
        GroupCommit<Integer, String> commit = new GroupCommit<>(this::flush, 100, 1);
        var first = commit.submit(1).subscribe().withSubscriber(UniAssertSubscriber.create());
        var second = commit.submit(2).subscribe().withSubscriber(UniAssertSubscriber.create());
        gates.get(0).completeExceptionally(new RuntimeException("database down"));
        first.assertFailedWith(RuntimeException.class, "database down");
        gates.get(1).complete(null);
        second.assertItem("ok 2");
    }

    @Test
    void aBatchPostgresRefusesForOneItemsDataIsRetriedItemByItemSoOnlyThatItemFails() {
        CompletableFuture<Void> firstFlush = new CompletableFuture<>();
        GroupCommit<Integer, String> commit = new GroupCommit<>(items -> {
            batches.add(items);
            Uni<Void> wait = items.contains(1) ? Uni.createFrom().completionStage(firstFlush) : Uni.createFrom().voidItem();
            return wait.map(ignored -> {
                if (items.size() > 1 && items.contains(13) || items.equals(List.of(13))) {
                    throw new PgException("invalid byte sequence", "ERROR", "22021", null);
                }
                return items.stream().map(i -> Outcome.ok("ok " + i)).toList();
            });
        }, 100, 1);
        var first = commit.submit(1).subscribe().withSubscriber(UniAssertSubscriber.create());
        List<UniAssertSubscriber<String>> rest = List.of(12, 13, 14).stream()
                .map(i -> commit.submit(i).subscribe().withSubscriber(UniAssertSubscriber.<String>create())).toList();

        firstFlush.complete(null);

        first.assertItem("ok 1");
        assertThat(batches).containsExactly(List.of(1), List.of(12, 13, 14), List.of(12), List.of(13), List.of(14));
        rest.get(0).assertItem("ok 12");
        rest.get(1).assertFailedWith(PgException.class, "invalid byte sequence");
        rest.get(2).assertItem("ok 14");
    }
}
