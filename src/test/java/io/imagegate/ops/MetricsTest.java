package io.imagegate.ops;

import io.imagegate.testing.Api;
import io.imagegate.testing.Api.Customer;
import io.imagegate.testing.TestReceiver;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A run moves the task, credit and webhook meters by what it did; tags carry no ids. */
@QuarkusTest
class MetricsTest {

    @Test
    void aRunMovesTheTaskCreditAndWebhookMeters() throws Exception {
        String before = scrape();
        Customer customer = Api.newCustomer(100);
        try (TestReceiver receiver = TestReceiver.answering(200)) {
            String done = customer.accepted("{\"model\": \"ideogram-v3-balanced\", \"prompt\": \"metered\", \"callback_url\": \""
                    + receiver.url("/m") + "\"}");
            String failed = customer.accepted("{\"model\": \"ideogram-v3-balanced\", \"prompt\": \"x [sandbox:fail]\"}");
            customer.terminal(done);
            customer.terminal(failed);
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.hits() > 0);
            // The delivery's outcome is counted when its attempt is recorded, just after the receiver answered.
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> delta(before, scrape(), "imagegate_webhooks_attempts_total", "outcome=\"delivered\"") >= 1);
        }
        String after = scrape();

        String model = "model=\"ideogram-v3-balanced\"";
        assertThat(delta(before, after, "imagegate_tasks_submitted_total", model)).isEqualTo(2);
        assertThat(delta(before, after, "imagegate_tasks_finished_total", model, "status=\"completed\"")).isEqualTo(1);
        assertThat(delta(before, after, "imagegate_tasks_finished_total", model, "status=\"failed\"")).isEqualTo(1);
        assertThat(delta(before, after, "imagegate_credits_total", "kind=\"reserved\"")).isEqualTo(26);
        assertThat(delta(before, after, "imagegate_credits_total", "kind=\"captured\"")).isEqualTo(13);
        assertThat(delta(before, after, "imagegate_credits_total", "kind=\"released\"")).isEqualTo(13);
        assertThat(delta(before, after, "imagegate_webhooks_attempts_total", "outcome=\"delivered\"")).isEqualTo(1);
        assertThat(delta(before, after, "imagegate_provider_errors_total", "provider=\"sandbox\"", "type=\"provider_error\""))
                .isEqualTo(1);
        assertThat(delta(before, after, "imagegate_tasks_end_to_end_seconds_count", model, "status=\"completed\"")).isEqualTo(1);
        assertThat(delta(before, after, "imagegate_webhooks_delivery_time_seconds_count", "outcome=\"delivered\"")).isEqualTo(1);
        assertThat(after).containsPattern("imagegate_provider_time_seconds_count\\{[^}]*route=\"[^\"]+\"");
        assertThat(after).contains("imagegate_tasks_oldest_pending_seconds{status=\"pending\"}");
        assertThat(after).contains("imagegate_key_budget_images{key=\"sandbox:local\"} 256.0");
        assertThat(after).contains("imagegate_tasks_running{replica=\"this\"}");
        assertThat(after).contains("imagegate_tasks_backlog{status=\"pending\"}");
        assertThat(after).contains("http_server_requests_seconds_count{method=\"POST\",outcome=\"SUCCESS\",status=\"202\",uri=\"/api/v1/images/generations\"}");
        assertThat(after).doesNotContain("task_").doesNotContain("acct_");
        // Per-route and per-key in-flight gauges only have series while something is in flight.
        assertThat(dashboardMetrics()).isNotEmpty()
                .filteredOn(name -> !name.endsWith("_inflight_images"))
                .allSatisfy(name -> assertThat(after).as(name).contains(name));
    }

    @Test
    void gaugesKeepTheirValuesAfterAGarbageCollection() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        String after = scrape();
        for (String gauge : List.of("imagegate_tasks_backlog{status=\"pending\"}", "imagegate_webhooks_backlog{status=\"pending\"}",
                "imagegate_tasks_running{replica=\"this\"}", "imagegate_rate_limiter_degraded{store=\"redis\"}")) {
            Matcher value = Pattern.compile(Pattern.quote(gauge) + " (\\S+)").matcher(after);
            assertThat(value.find()).as(gauge).isTrue();
            assertThat(value.group(1)).as(gauge).isNotEqualTo("NaN");
        }
    }

    /** Every gateway metric the Grafana dashboard queries. */
    private static java.util.Set<String> dashboardMetrics() throws java.io.IOException {
        String dashboard = java.nio.file.Files.readString(java.nio.file.Path.of("deployments/grafana-dashboard.json"));
        Matcher m = Pattern.compile("imagegate_[a-z_]+").matcher(dashboard);
        java.util.Set<String> names = new java.util.TreeSet<>();
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The change of one sample (matched by name and tag fragments) between two scrapes; 0 when absent. */
    private static double delta(String before, String after, String name, String... tags) {
        return value(after, name, tags) - value(before, name, tags);
    }

    private static double value(String scrape, String name, String... tags) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        double sum = 0;
        while (m.find()) {
            boolean all = true;
            for (String tag : tags) {
                all &= m.group(1).contains(tag);
            }
            if (all) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }
}
