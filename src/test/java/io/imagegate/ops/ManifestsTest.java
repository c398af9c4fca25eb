package io.imagegate.ops;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
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
            "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class, "PodDisruptionBudget", PodDisruptionBudget.class);
    private static final int MANAGEMENT_PORT = 9000;

    private final ObjectMapper strict = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    @Test
    void theManifestsParseAndReferToEachOther() throws IOException {
        Map<String, HasMetadata> resources = load(Path.of("deployments/kubernetes.yml"));
        assertThat(resources.keySet()).as("no Secret: applying the file must never overwrite real credentials")
                .containsExactlyInAnyOrder("Deployment", "Service", "ConfigMap", "HorizontalPodAutoscaler", "PodDisruptionBudget");
        Deployment deployment = (Deployment) resources.get("Deployment");
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        Set<String> referenced = container.getEnvFrom().stream()
                .map(from -> from.getConfigMapRef() != null ? from.getConfigMapRef().getName() : from.getSecretRef().getName())
                .collect(Collectors.toSet());
        assertThat(referenced).as("the ConfigMap, and the Secret the README has you create")
                .containsExactlyInAnyOrder(resources.get("ConfigMap").getMetadata().getName(), "imagegate-secrets");
        List<String> unknown = ((ConfigMap) resources.get("ConfigMap")).getData().keySet().stream()
                .filter(name -> !knownEnvironmentNames().contains(name)).toList();
        assertThat(unknown).as("env names the application does not read").isEmpty();

        HorizontalPodAutoscaler hpa = (HorizontalPodAutoscaler) resources.get("HorizontalPodAutoscaler");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
        assertThat(deployment.getSpec().getReplicas()).as("the autoscaler owns the replica count").isNull();
        PodDisruptionBudget pdb = (PodDisruptionBudget) resources.get("PodDisruptionBudget");
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).as("a drain can always evict one pod").isEqualTo(1);
        assertThat(pdb.getSpec().getMinAvailable()).isNull();
        Service service = (Service) resources.get("Service");
        assertThat(service.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(service.getSpec().getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getTargetPort().getIntVal())
                        .isEqualTo(Integer.parseInt(applicationProperty("quarkus.http.port"))));
    }

    @Test
    void probesAndMetricsUseTheManagementPort() throws IOException {
        Deployment deployment = (Deployment) load(Path.of("deployments/kubernetes.yml")).get("Deployment");
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(applicationProperty("quarkus.management.enabled")).isEqualTo("true");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
        assertThat(List.of(container.getLivenessProbe(), container.getReadinessProbe(), container.getStartupProbe()))
                .allSatisfy(probe -> assertThat(probe.getHttpGet().getPort().getIntVal()).isEqualTo(MANAGEMENT_PORT));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/port", String.valueOf(MANAGEMENT_PORT))
                .containsEntry("prometheus.io/path", "/q/metrics");
    }

    @Test
    void thePodRunsLockedDownOnAnImmutableImageSpreadAcrossNodes() throws IOException {
        Deployment deployment = (Deployment) load(Path.of("deployments/kubernetes.yml")).get("Deployment");
        var pod = deployment.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getVolumeMounts()).anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
        assertThat(pod.getVolumes()).anySatisfy(volume -> assertThat(volume.getEmptyDir()).isNotNull());
        assertThat(container.getImage()).matches(".+:\\d+\\.\\d+\\.\\d+").doesNotContain("SNAPSHOT");
        assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(container.getResources().getLimits()).containsKey("memory");
        assertThat(pod.getTopologySpreadConstraints()).singleElement()
                .satisfies(spread -> assertThat(spread.getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
    }

    @Test
    void theShutdownBudgetFitsTheGracePeriod() throws IOException {
        Deployment deployment = (Deployment) load(Path.of("deployments/kubernetes.yml")).get("Deployment");
        long budget = seconds("quarkus.shutdown.delay") + seconds("quarkus.shutdown.timeout")
                + seconds("imagegate.dispatch.drain-timeout");
        assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .as("readiness drain + in-flight requests + running tasks handed back, with room to exit")
                .isGreaterThanOrEqualTo(budget + 5);
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
    private static String applicationProperty(String key) {
        java.util.Properties properties = new java.util.Properties();
        try (var in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return properties.getProperty(key);
    }

    private static long seconds(String key) {
        return Duration.parse("PT" + applicationProperty(key).toUpperCase()).toSeconds();
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
