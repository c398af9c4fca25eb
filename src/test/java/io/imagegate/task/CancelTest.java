package io.imagegate.task;

import io.imagegate.testing.Api;
import io.imagegate.testing.Api.Customer;
import io.imagegate.config.ImagegateConfig;
import io.imagegate.testing.Db;
import io.imagegate.testing.TaskStream;
import io.imagegate.testing.WorkersPaused;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@TestProfile(WorkersPaused.class)
class CancelTest {

    @Inject
    Pool pool;

    @Inject
    TaskLifecycle lifecycle;

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    ImagegateConfig config;

    @Test
    void cancelingAPendingTaskReleasesItsCredits() {
        Customer customer = Api.newCustomer(50);
        String taskId = customer.accepted("{\"model\": \"ideogram-v3-balanced\", \"prompt\": \"p\", \"n\": 2}");
        assertThat(customer.balance()).isEqualTo(24);
        assertThat(customer.reserved()).isEqualTo(26);

        customer.request().delete("/api/v1/tasks/" + taskId).then().statusCode(200)
                .body("data.status", equalTo("canceled"))
                .body("data.completed_at", notNullValue())
                .body("data.credits_consumed", equalTo(0));

        assertThat(customer.balance()).isEqualTo(50);
        assertThat(customer.reserved()).isZero();
        customer.request().delete("/api/v1/tasks/" + taskId).then().statusCode(200)
                .body("data.status", equalTo("canceled"));
        assertThat(customer.balance()).as("a repeated cancel releases nothing more").isEqualTo(50);
        assertThat(Db.count(pool, "SELECT count(*) FROM ledger_entries WHERE task_id = $1 AND kind = 'release'", taskId))
                .isEqualTo(1);
        assertThat(TaskStream.entriesFor(redis, config.redis().prefix(), taskId)).as("one event, published")
                .singleElement().satisfies(fields -> assertThat(fields).containsEntry("status", "canceled"));
        assertThat(Db.ledgerViolations(pool)).isEmpty();
    }

    @Test
    void aFinishedTaskCannotBeCanceled() {
        Customer customer = Api.newCustomer(50);
        String taskId = customer.accepted("{\"prompt\": \"p\"}");
        Db.holdInProgress(pool, taskId, "w", 1, 60);
        lifecycle.finish(Finish.completed(taskId, "w", 1, "{\"images\": [{\"url\": \"https://cdn.test/1.png\"}]}", 1))
                .await().indefinitely();
        customer.request().delete("/api/v1/tasks/" + taskId).then().statusCode(409)
                .body("error.type", equalTo("task_not_cancelable"));
        assertThat(customer.balance()).isEqualTo(42);
    }

    @Test
    void aTaskAlreadySentUpstreamCannotBeCanceled() {
        Customer customer = Api.newCustomer(50);
        String taskId = customer.accepted("{\"prompt\": \"p\"}");
        Db.holdInProgress(pool, taskId, "elsewhere", 1, 60);
        customer.request().delete("/api/v1/tasks/" + taskId).then().statusCode(409)
                .body("error.type", equalTo("task_not_cancelable"));
        assertThat(customer.reserved()).isEqualTo(8);
    }

    @Test
    void aWaitOnAPendingTaskEndsAfterTheWaitWithTheTaskAsItIs() {
        Customer customer = Api.newCustomer(50);
        String taskId = customer.accepted("{\"prompt\": \"p\"}");
        long started = System.nanoTime();
        customer.request().queryParam("wait", 1).get("/api/v1/tasks/" + taskId).then().statusCode(200)
                .body("data.status", equalTo("pending"));
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(900);
    }
}
