package io.imagegate.task;

import io.imagegate.config.ImagegateConfig;
import io.imagegate.testing.Api.Customer;
import io.imagegate.testing.Api;
import io.imagegate.testing.Db;
import io.imagegate.testing.TaskStream;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@QuarkusTest
class LeaseTest {

    @Inject
    Pool pool;

    @Inject
    TaskLifecycle lifecycle;

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    ImagegateConfig config;

    @Test
    void aTaskWhoseWorkerDiedIsClaimedAgainAndCompleted() {
        Customer customer = Api.newCustomer(20);
        String taskId = customer.accepted("{\"prompt\": \"orphan [sandbox:delay=2s]\"}");
        Db.holdInProgress(pool, taskId, "dead-replica", 1, -1);

        JsonPath task = customer.terminal(taskId, Duration.ofSeconds(30));
        assertThat(task.getString("data.status")).isEqualTo("completed");
        assertThat(Db.count(pool, "SELECT attempt FROM tasks WHERE id = $1", taskId)).isGreaterThanOrEqualTo(2);
        assertThat(customer.balance()).isEqualTo(12);
        assertThat(Db.ledgerViolations(pool)).isEmpty();
        assertThat(Db.inFlightViolations(pool)).isEmpty();
    }

    @Test
    void aTaskOutOfAttemptsFailsAndReleasesItsCredits() {
        Customer customer = Api.newCustomer(20);
        String taskId = customer.accepted("{\"prompt\": \"doomed [sandbox:delay=5s]\"}");
        Db.holdInProgress(pool, taskId, "dead-replica", 3, -1);

        JsonPath task = customer.terminal(taskId, Duration.ofSeconds(30));
        assertThat(task.getString("data.status")).isEqualTo("failed");
        assertThat(task.getString("data.error.type")).isEqualTo("internal_error");
        assertThat(customer.balance()).isEqualTo(20);
        assertThat(Db.ledgerViolations(pool)).isEmpty();
        assertThat(Db.inFlightViolations(pool)).isEmpty();
    }

    @Test
    void aStaleWorkersFinishChangesNothing() {
        Customer customer = Api.newCustomer(20);
        String taskId = customer.accepted("{\"prompt\": \"fenced [sandbox:delay=3s]\"}");
        Db.holdInProgress(pool, taskId, "new-owner", 5, 60);

        Optional<Task> stale = finish(taskId, "old-owner", 4, true);
        Optional<Task> wrongAttempt = finish(taskId, "new-owner", 4, false);

        assertThat(stale).isEmpty();
        assertThat(wrongAttempt).isEmpty();
        assertThat(customer.task(taskId).getString("data.status")).isEqualTo("in_progress");
        assertThat(Db.count(pool, "SELECT count(*) FROM ledger_entries WHERE task_id = $1 AND kind <> 'reserve'", taskId)).isZero();
        assertThat(TaskStream.entriesFor(redis, config.redis().prefix(), taskId)).as("no event published").isEmpty();
        assertThat(customer.reserved()).isEqualTo(8);

        Optional<Task> current = finish(taskId, "new-owner", 5, true);
        assertThat(current).map(Task::status).contains(TaskStatus.COMPLETED);
        assertThat(customer.balance()).isEqualTo(12);

        Optional<Task> again = finish(taskId, "new-owner", 5, false);
        assertThat(again).as("the attempt no longer owns the task it ended").isEmpty();
        assertThat(customer.task(taskId).getString("data.status")).isEqualTo("completed");
        assertThat(customer.balance()).isEqualTo(12);
        assertThat(Db.ledgerViolations(pool)).isEmpty();
        assertThat(Db.inFlightViolations(pool)).isEmpty();
    }

    /** The fences (owner and attempt, no status) hold because Postgres keeps an owner on in-progress tasks only. */
    @Test
    void onlyAnInProgressTaskHasAnOwner() {
        Customer customer = Api.newCustomer(20);
        String taskId = customer.accepted("{\"prompt\": \"owned [sandbox:delay=3s]\"}");

        assertThatThrownBy(() -> Db.execute(pool, "UPDATE tasks SET status = 'in_progress', owner = NULL WHERE id = $1", taskId))
                .hasMessageContaining("tasks_owner_while_in_progress");
        assertThatThrownBy(() -> Db.execute(pool, "UPDATE tasks SET status = 'pending', owner = 'someone' WHERE id = $1", taskId))
                .hasMessageContaining("tasks_owner_while_in_progress");
    }

    /** Ends an attempt as the dispatcher would: completed with its one image, or failed by the provider. */
    private Optional<Task> finish(String taskId, String owner, int attempt, boolean completed) {
        Finish finish = completed
                ? Finish.completed(taskId, owner, attempt, "{\"images\": [{\"url\": \"https://cdn.test/1.png\"}]}", 1)
                : Finish.failed(taskId, owner, attempt, lifecycle.errorJson("provider_error", "late"));
        return lifecycle.finish(finish).await().atMost(Duration.ofSeconds(10));
    }
}
