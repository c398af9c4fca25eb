package io.imagegate.bench;

import io.imagegate.config.ImagegateConfig;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A few seconds of every benchmark scenario against the test gateway, so the harness cannot rot unnoticed. It needs
 * wrk, pgbench and python3, so it is left out of {@code ./mvnw verify}; {@code ./mvnw verify -Dexcluded.groups=
 * -Dtest=BenchSmokeTest} runs it (bench/README.md).
 */
@Tag("bench")
@QuarkusTest
class BenchSmokeTest {

    @TestHTTPResource("/")
    URL gateway;

    @Inject
    ImagegateConfig config;

    @Test
    void theHarnessRunsEveryScenarioAndPrintsItsTable() throws IOException, InterruptedException {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.reactive.url", String.class);
        String database = url.substring(url.lastIndexOf('/') + 1);
        Process bench = new ProcessBuilder("python3", "bench/bench.py", "--smoke",
                "--url", "http://localhost:" + gateway.getPort(), "--database", database, "--admin-token", "test-admin-token",
                "--redis-prefix", config.redis().prefix())
                .redirectErrorStream(true).start();
        boolean finished = bench.waitFor(240, TimeUnit.SECONDS);
        String output = new String(bench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(finished).as(output).isTrue();
        assertThat(bench.exitValue()).as(output).isZero();
        assertThat(output).contains("(a) accept, 1 account", "(b) accept, many accounts",
                "(c) end to end", "(c½) end to end, half load", "(d) tasks in flight", "(e) GET /tasks/{id}", "(f) long-poll waiters");
        assertThat(output).as("(d)'s lag is read from the Redis stream").containsPattern("completion→event \\(Redis\\) lag p50 [0-9.]+ ms");
        assertThat(output).as("(c½)'s submission-to-event time is read from the Redis stream")
                .containsPattern("created→event in Redis p50 [0-9.]+ ms");
        assertThat(output).as("how long each gateway was warmed up")
                .containsPattern("warm-up \\(submissions until the JIT compiler .*\\): accept-only gateway [0-9]+ s, dispatching gateway [0-9]+ s");
        assertThat(output).as("(c½)'s floor is pgbench held at (c½)'s rate, from its per-transaction log")
                .containsPattern("\\(c½\\) floor: pgbench INSERT\\+UPDATE .* latency p50 [0-9.]+ ms, p99 [0-9.]+ ms");
        var rows = output.lines().filter(line -> line.startsWith("(")).map(line -> line.trim().split("\\s+"))
                .filter(tokens -> tokens.length >= 12).toList();
        assertThat(rows).as(output).hasSize(7);
        assertThat(rows).as("the errors column of every scenario:\n" + output)
                .allSatisfy(tokens -> assertThat(tokens[tokens.length - 8]).isEqualTo("0"));
        assertThat(output).containsPattern("vac s\\s+ckpt MB\\s+steal%\\s+ratio");
        assertThat(rows).as("what the checkpointer wrote during each scenario, from Postgres' statistics:\n" + output)
                .allSatisfy(tokens -> assertThat(tokens[tokens.length - 3]).matches("[0-9]+"));
        assertThat(rows).as("the CPU share the hypervisor stole during each scenario, from /proc/stat:\n" + output)
                .allSatisfy(tokens -> assertThat(tokens[tokens.length - 2]).matches("[0-9]+\\.[0-9]"));
        assertThat(output).as("each reference before and after its scenarios, with the steal and checkpoints meanwhile")
                .containsPattern("references, before / after .*: pgbench one-row INSERT [0-9]+ / [0-9]+ tps, "
                        + "INSERT\\+UPDATE [0-9]+ / [0-9]+ tps, trivial endpoint [0-9]+ / [0-9]+ rps "
                        + "\\(steal during them at most [0-9.]+ %; the checkpointer wrote [0-9]+ MB during them\\)");
    }
}
