package io.imagegate.ops;

import io.imagegate.testing.Api;
import io.imagegate.testing.Api.Customer;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged gateway, sent SIGTERM while a client long-polls a running task and another follows it over SSE: both
 * are answered at once with the task as it stands, the running task is handed back, and the process exits within
 * its shutdown budget (delay + request timeout + task drain), well inside the pod's grace period.
 */
@QuarkusIntegrationTest
@TestProfile(ShutdownIT.ProductionShutdown.class)
class ShutdownIT {

    public static class ProductionShutdown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The package is a production build: its management interface is fixed on at build time.
            return Map.of("quarkus.shutdown.delay", "2s", "quarkus.shutdown.timeout", "20s",
                    "imagegate.dispatch.drain-timeout", "3s", "quarkus.management.enabled", "true");
        }
    }

    private static final Duration BUDGET = Duration.ofSeconds(2 + 20 + 3);

    @Test
    void sigtermAnswersLongPollsAndStreamsAtOnceAndHandsRunningTasksBack() throws Exception {
        Customer customer = Api.newCustomer(100);
        String taskId = customer.accepted("{\"model\": \"sandbox-image\", \"prompt\": \"long [sandbox:delay=40s]\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> customer.task(taskId).getString("data.status").equals("in_progress"));

        HttpClient http = HttpClient.newHttpClient();
        String base = "http://localhost:" + RestAssured.port + "/api/v1/tasks/" + taskId;
        CompletableFuture<HttpResponse<String>> longPoll = http.sendAsync(request(base + "?wait=60", customer),
                HttpResponse.BodyHandlers.ofString());
        List<String> events = new CopyOnWriteArrayList<>();
        CompletableFuture<HttpResponse<Stream<String>>> stream = http.sendAsync(request(base + "/events", customer),
                HttpResponse.BodyHandlers.ofLines());
        CompletableFuture<Void> streamEnded = stream.thenAccept(response -> response.body()
                .filter(line -> line.startsWith("data:")).forEach(events::add));
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 1);

        ProcessHandle gateway = ProcessHandle.current().descendants()
                .filter(process -> process.info().commandLine().orElse("").matches(".*(quarkus-run\\.jar|-runner)\\b.*"))
                .findFirst().orElseThrow(() -> new AssertionError("the packaged gateway's process was not found"));
        Instant sigterm = Instant.now();
        assertThat(gateway.destroy()).as("SIGTERM sent").isTrue();

        HttpResponse<String> answered = longPoll.get(5, TimeUnit.SECONDS);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(JsonPath.from(answered.body()).getString("data.status")).isEqualTo("in_progress");
        streamEnded.get(5, TimeUnit.SECONDS);
        assertThat(events).hasSize(2).last().asString().contains("\"status\":\"in_progress\"");

        gateway.onExit().get(BUDGET.toSeconds() + 5, TimeUnit.SECONDS);
        Duration took = Duration.between(sigterm, Instant.now());
        System.out.printf("Shutdown: long poll and SSE answered, process exited %d ms after SIGTERM (budget %d s)%n",
                took.toMillis(), BUDGET.toSeconds());
        assertThat(took).isLessThanOrEqualTo(BUDGET);
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(Path.of("target/quarkus.log"))
                .contains("Handed 1 unfinished tasks back to the queue at shutdown"));
    }

    private static HttpRequest request(String url, Customer customer) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + customer.key())
                .timeout(Duration.ofSeconds(90)).build();
    }
}
