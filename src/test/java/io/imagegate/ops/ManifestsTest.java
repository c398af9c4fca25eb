package io.imagegate.ops;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed manifests parse strictly into the Kubernetes model (fabric8), and their values agree with
 * the application: probe paths, port, the env names it reads, and a grace period longer than its shutdown.
 */
@QuarkusTest
class ManifestsTest {

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "Deployment", Deployment.class, "Service", Service.class, "ConfigMap", ConfigMap.class,
            "Secret", Secret.class, "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "PodDisruptionBudget", PodDisruptionBudget.class);

    private final ObjectMapper strict = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    @Test
    void theManifestsAreValidAndMatchTheApplication() throws IOException {
        Map<String, HasMetadata> resources = load(Path.of("deployments/kubernetes.yml"));
        assertThat(resources.keySet()).contains("Deployment", "Service", "ConfigMap", "Secret",
                "HorizontalPodAutoscaler", "PodDisruptionBudget");

        Deployment deployment = (Deployment) resources.get("Deployment");
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        int port = Integer.parseInt(applicationProperty("quarkus.http.port"));
        assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(port);
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
        Duration shutdown = Duration.parse("PT" + applicationProperty("quarkus.shutdown.timeout").toUpperCase());
        assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .isGreaterThan(shutdown.toSeconds());
        assertThat(container.getResources().getLimits()).containsKey("memory");

        Set<String> referenced = container.getEnvFrom().stream()
                .map(from -> from.getConfigMapRef() != null ? from.getConfigMapRef().getName() : from.getSecretRef().getName())
                .collect(Collectors.toSet());
        ConfigMap config = (ConfigMap) resources.get("ConfigMap");
        Secret secret = (Secret) resources.get("Secret");
        assertThat(referenced).containsExactlyInAnyOrder(config.getMetadata().getName(), secret.getMetadata().getName());

        Set<String> known = knownEnvironmentNames();
        List<String> unknown = new ArrayList<>();
        config.getData().keySet().stream().filter(k -> !known.contains(k)).forEach(unknown::add);
        secret.getStringData().keySet().stream().filter(k -> !known.contains(k)).forEach(unknown::add);
        assertThat(unknown).as("env names the application does not read").isEmpty();

        HorizontalPodAutoscaler hpa = (HorizontalPodAutoscaler) resources.get("HorizontalPodAutoscaler");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
        PodDisruptionBudget pdb = (PodDisruptionBudget) resources.get("PodDisruptionBudget");
        assertThat(pdb.getSpec().getSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        Service service = (Service) resources.get("Service");
        assertThat(service.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void theComposeFileStartsTheGatewayOnItsStores() throws IOException {
        JsonNode compose = new YAMLMapper().readTree(Path.of("deployments/docker-compose.yml").toFile());
        assertThat(compose.path("services").fieldNames()).toIterable().containsExactlyInAnyOrder("postgres", "redis", "imagegate");
        Set<String> known = knownEnvironmentNames();
        compose.path("services").path("imagegate").path("environment").fieldNames()
                .forEachRemaining(name -> assertThat(known).as(name).contains(name));
    }

    private Map<String, HasMetadata> load(Path file) throws IOException {
        Map<String, HasMetadata> out = new HashMap<>();
        var parser = new YAMLFactory().createParser(file.toFile());
        var documents = new ObjectMapper(new YAMLFactory()).readValues(parser, JsonNode.class);
        while (documents.hasNext()) {
            JsonNode document = documents.next();
            String kind = document.path("kind").asText();
            Class<? extends HasMetadata> type = KINDS.get(kind);
            assertThat(type).as("a kind this test knows: " + kind).isNotNull();
            HasMetadata resource = strict.treeToValue(document, type);
            assertThat(resource.getMetadata().getName()).isNotBlank();
            assertThat(additionalProperties(strict.valueToTree(resource))).as("fields unknown to " + kind).isEmpty();
            out.put(kind, resource);
        }
        return out;
    }

    /** fabric8 keeps unknown fields aside instead of failing; any there is a typo in the manifest. */
    private static List<String> additionalProperties(JsonNode node) {
        List<String> found = new ArrayList<>();
        if (node.has("additionalProperties") && !node.get("additionalProperties").isEmpty()) {
            found.add(node.get("additionalProperties").toString());
        }
        StreamSupport.stream(node.spliterator(), false).forEach(child -> found.addAll(additionalProperties(child)));
        return found;
    }

    /** A value as application.properties sets it for production (tests run on a random port). */
    private static String applicationProperty(String key) throws IOException {
        java.util.Properties properties = new java.util.Properties();
        try (var in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        return properties.getProperty(key);
    }

    /** Env names that map onto a configuration property the application knows. */
    private static Set<String> knownEnvironmentNames() {
        Set<String> names = StreamSupport.stream(ConfigProvider.getConfig().getPropertyNames().spliterator(), false)
                .filter(n -> n.startsWith("imagegate.") || n.startsWith("quarkus."))
                .map(n -> n.toUpperCase().replaceAll("[^A-Z0-9]", "_"))
                .collect(Collectors.toSet());
        names.addAll(Set.of("QUARKUS_DATASOURCE_PASSWORD", "IMAGEGATE_ADMIN_TOKEN"));
        return names;
    }
}
