package dev.postsapi;

import java.beans.Introspector;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import dev.postsapi.support.KubernetesDeployment;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/kubernetes/} read offline with fabric8's Kubernetes model, as the API
 * server would read it (no field it does not know), against the service itself: probes on
 * the management port at paths it serves there, a grace period that covers the graceful
 * shutdown, only variables the service reads, secrets from the Secret.
 */
@KubernetesDeployment
@TestPropertySource(properties = "management.server.port=0")
class KubernetesManifestsIntegrationTests {

	private static final Path MANIFESTS = Path.of("deploy/kubernetes");

	@Autowired
	Environment environment;

	@LocalManagementPort
	int managementPort;

	@Test
	void manifestsWhenReadThenEveryFieldIsKnownAndEveryPartIsThere() throws Exception {
		List<HasMetadata> resources = resources();
		for (HasMetadata resource : resources) {
			assertNoUnknownFields(resource, resource.getKind());
		}
		assertThat(resources).extracting(HasMetadata::getKind)
			.containsExactlyInAnyOrder("Deployment", "Service", "PodDisruptionBudget", "Ingress", "NetworkPolicy");
	}

	@Test
	void networkPolicyWhenAppliedThenTheApiPortIsOpenAndTheManagementPortOnlyToMonitoring() throws Exception {
		NetworkPolicy policy = only(NetworkPolicy.class);
		assertThat(deployment().getSpec().getTemplate().getMetadata().getLabels())
			.containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
		assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
		Map<String, List<NetworkPolicyPeer>> fromByPort = new HashMap<>();
		for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
			for (NetworkPolicyPort port : rule.getPorts()) {
				fromByPort.put(port.getPort().getStrVal(), rule.getFrom());
			}
		}
		// the container's port names, and nothing else
		assertThat(fromByPort.keySet())
			.containsExactlyInAnyOrderElementsOf(container().getPorts().stream().map(ContainerPort::getName).toList());
		assertThat(fromByPort.get("http")).as("the API from anywhere").isNullOrEmpty();
		assertThat(fromByPort.get("management")).singleElement().satisfies((peer) -> {
			assertThat(peer.getPodSelector()).isNull();
			assertThat(peer.getIpBlock()).isNull();
			assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry("kubernetes.io/metadata.name",
					"monitoring");
		});
	}

	@Test
	void probesWhenAskedOfTheServiceThenTheManagementPortAnswersThem() throws Exception {
		Container container = container();
		Map<String, Integer> ports = new HashMap<>();
		for (ContainerPort port : container.getPorts()) {
			ports.put(port.getName(), port.getContainerPort());
		}
		assertThat(ports).containsEntry("http", 8000)
			.containsEntry("management", Integer.valueOf(env(container).get("MANAGEMENT_SERVER_PORT").getValue()));
		try (HttpClient http = HttpClient.newHttpClient()) {
			for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(),
					container.getReadinessProbe())) {
				assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
				HttpResponse<String> answer = http.send(HttpRequest
					.newBuilder(URI.create("http://localhost:" + this.managementPort + probe.getHttpGet().getPath()))
					.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(answer.statusCode()).as(probe.getHttpGet().getPath()).isEqualTo(200);
				assertThat(answer.body()).contains("\"status\":\"UP\"");
			}
		}
		assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
		assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
	}

	@Test
	void gracePeriodWhenAPodStopsThenItCoversPreStopAndTheGracefulShutdown() throws Exception {
		Deployment deployment = deployment();
		Container container = container();
		EnvVar override = env(container).get("SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE");
		Duration shutdown = DurationStyle.detectAndParse((override != null) ? override.getValue()
				: this.environment.getRequiredProperty("spring.lifecycle.timeout-per-shutdown-phase"));
		long preStop = container.getLifecycle().getPreStop().getSleep().getSeconds();
		assertThat(shutdown).isPositive();
		assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
			.isGreaterThan(preStop + shutdown.toSeconds());
	}

	@Test
	void envWhenReadThenEveryNameIsASettingOfTheServiceAndSecretsComeFromTheSecret() throws Exception {
		Map<String, String> settings = settings();
		Map<String, EnvVar> env = env(container());
		for (String name : env.keySet()) {
			assertThat(settings.entrySet()
				.stream()
				.anyMatch(setting -> name.equals(setting.getKey())
						|| (setting.getValue().startsWith("java.util.Map") && name.startsWith(setting.getKey() + "_"))))
				.as("%s is a setting the service reads (of %s)", name,
						settings.keySet().stream().filter(key -> key.startsWith("A")).sorted().toList())
				.isTrue();
		}
		for (String secret : List.of("AUTH_JWT_SECRET", "SPRING_DATASOURCE_PASSWORD", "SPRING_MAIL_PASSWORD")) {
			assertThat(env.get(secret).getValue()).as(secret).isNull();
			assertThat(env.get(secret).getValueFrom().getSecretKeyRef().getName()).as(secret).isEqualTo("posts-api");
		}
		assertThat(env.get("SERVER_FORWARD_HEADERS_STRATEGY").getValue()).isEqualTo("native");
		assertThat(env).containsKey("SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES");
		// the mails' links lead to an HTTPS front end, not to the default localhost
		assertThat(env.get("AUTH_MAIL_LINK_BASE_URL").getValue()).startsWith("https://");
		assertThat(env).containsKey("SPRING_MAIL_HOST");
	}

	@Test
	void deploymentWhenScheduledThenReplicatedWithResourcesAndReachedThroughTheServiceAndIngress() throws Exception {
		Deployment deployment = deployment();
		Container container = container();
		Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
		assertThat(deployment.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
		assertThat(podLabels).containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
		assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
		assertThat(container.getResources().getLimits().get("memory").getNumericalAmount())
			.isGreaterThanOrEqualTo(container.getResources().getRequests().get("memory").getNumericalAmount());
		Service service = only(Service.class);
		assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
		assertThat(service.getSpec().getPorts()).singleElement()
			.satisfies(port -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("http"));
		assertThat(podLabels)
			.containsAllEntriesOf(only(PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels());
		Ingress ingress = only(Ingress.class);
		URI publicUrl = URI.create(env(container).get("APP_PUBLIC_URL").getValue());
		// the public URL is HTTPS, and the ingress holds its host's certificate
		assertThat(publicUrl.getScheme()).isEqualTo("https");
		assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
			assertThat(tls.getHosts()).containsExactly(publicUrl.getHost());
			assertThat(tls.getSecretName()).isNotBlank();
		});
		assertThat(ingress.getSpec().getRules()).allSatisfy(rule -> {
			assertThat(publicUrl.getHost()).isEqualTo(rule.getHost());
			assertThat(rule.getHttp().getPaths()).allSatisfy(path -> {
				assertThat(path.getBackend().getService().getName()).isEqualTo(service.getMetadata().getName());
				assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
			});
		});
	}

	private static List<HasMetadata> resources() throws IOException {
		YAMLMapper yaml = YAMLMapper.builder().build();
		List<HasMetadata> resources = new ArrayList<>();
		try (Stream<Path> files = Files.list(MANIFESTS)) {
			for (Path file : files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList()) {
				resources
					.addAll(yaml.readerFor(KubernetesResource.class).<HasMetadata>readValues(file.toFile()).readAll());
			}
		}
		return resources;
	}

	private static <T extends HasMetadata> T only(Class<T> kind) throws IOException {
		List<T> found = resources().stream().filter(kind::isInstance).map(kind::cast).toList();
		assertThat(found).as(kind.getSimpleName()).hasSize(1);
		return found.get(0);
	}

	private static Deployment deployment() throws IOException {
		return only(Deployment.class);
	}

	private static Container container() throws IOException {
		List<Container> containers = deployment().getSpec().getTemplate().getSpec().getContainers();
		assertThat(containers).hasSize(1);
		return containers.get(0);
	}

	private static Map<String, EnvVar> env(Container container) {
		Map<String, EnvVar> env = new HashMap<>();
		container.getEnv().forEach(variable -> env.put(variable.getName(), variable));
		return env;
	}

	/**
	 * A field the model does not know lands in additionalProperties (where the API server
	 * would refuse it or, worse, drop it silently).
	 */
	private static void assertNoUnknownFields(Object part, String where) throws Exception {
		if (part == null || !part.getClass().getPackageName().startsWith("io.fabric8")) {
			return;
		}
		for (Method getter : part.getClass().getMethods()) {
			if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
					|| getter.getDeclaringClass() == Object.class) {
				continue;
			}
			Object value = getter.invoke(part);
			String path = where + "." + Introspector.decapitalize(getter.getName().substring(3));
			if (getter.getName().equals("getAdditionalProperties")) {
				assertThat((Map<?, ?>) value).as(path).isNullOrEmpty();
			}
			else if (value instanceof Collection<?> items) {
				for (Object item : items) {
					assertNoUnknownFields(item, path);
				}
			}
			else {
				assertNoUnknownFields(value, path);
			}
		}
	}

	/**
	 * Every setting the service reads, as an environment variable (Boot's relaxed
	 * binding: upper case, dots as underscores, no dashes) with its type: Boot's own from
	 * the metadata its jars carry, the application's from its configuration-properties
	 * records.
	 */
	private static Map<String, String> settings() throws Exception {
		Map<String, String> settings = new HashMap<>();
		JsonMapper json = JsonMapper.builder().build();
		for (Resource metadata : new PathMatchingResourcePatternResolver()
			.getResources("classpath*:META-INF/spring-configuration-metadata.json")) {
			for (JsonNode property : json.readTree(metadata.getInputStream()).path("properties")) {
				addSetting(settings, property.path("name").asString(), property.path("type").asString(""));
			}
		}
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		for (BeanDefinition candidate : scanner.findCandidateComponents(PostsApiApplication.class.getPackageName())) {
			Class<?> type = ClassUtils.forName(candidate.getBeanClassName(), null);
			ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
			addRecord(settings, annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix(), type);
		}
		return settings;
	}

	private static void addRecord(Map<String, String> settings, String prefix, Class<?> type) {
		for (RecordComponent component : type.getRecordComponents()) {
			String name = prefix + "." + component.getName().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
			if (component.getType().isRecord()) {
				addRecord(settings, name, component.getType());
			}
			else {
				addSetting(settings, name, component.getType().getName());
			}
		}
	}

	/** Both forms Boot binds: dashes dropped, and dashes as underscores. */
	private static void addSetting(Map<String, String> settings, String property, String type) {
		String variable = property.replace('.', '_').toUpperCase(Locale.ROOT);
		settings.put(variable.replace("-", ""), type);
		settings.put(variable.replace('-', '_'), type);
	}

}
