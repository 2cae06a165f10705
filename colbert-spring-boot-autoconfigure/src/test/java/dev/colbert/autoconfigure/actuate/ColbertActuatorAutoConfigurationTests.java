package dev.colbert.autoconfigure.actuate;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.document.Document;
import org.springframework.ai.rag.Query;
import org.springframework.ai.rag.retrieval.search.DocumentRetriever;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jmx.JmxEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jmx.JmxAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.colbert.autoconfigure.ai.ColbertSpringAiAutoConfiguration;
import dev.colbert.autoconfigure.store.ColbertEmbeddedStoreAutoConfiguration;
import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.EncoderInfo;
import dev.colbert.spring.ai.WordHashEncoder;
import dev.colbert.store.TokenVectorStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The {@code colbert} endpoint and health indicator over the auto-configured embedded store and Spring AI beans (with
 * a word-hash test encoder), with Micrometer observations and metrics as Spring Boot configures them.
 */
class ColbertActuatorAutoConfigurationTests {

	@TempDir
	Path folder;

	private ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ColbertActuatorAutoConfiguration.class,
					ColbertEmbeddedStoreAutoConfiguration.class, ColbertSpringAiAutoConfiguration.class,
					ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.withUserConfiguration(EncoderConfiguration.class)
			.withPropertyValues("colbert.store.embedded.path=" + this.folder.resolve("index"),
					"management.endpoints.web.exposure.include=health,colbert");
	}

	@Test
	void theEndpointShowsTheIndexTheModelAndTheSearches() {
		contextRunner().run((context) -> {
			assertThat(context).hasSingleBean(ColbertEndpoint.class).hasSingleBean(ColbertQueryRecorder.class);
			VectorStore vectorStore = context.getBean(VectorStore.class);
			vectorStore.add(documents(12));
			for (int i = 0; i < 5; i++) {
				vectorStore.similaritySearch(SearchRequest.builder().query("harbour number " + i).topK(3).build());
			}
			context.getBean(DocumentRetriever.class).retrieve(new Query("tide tables"));
			vectorStore.add(List.of(new Document("x", "added after the searches", Map.of())));

			ColbertDescriptor descriptor = context.getBean(ColbertEndpoint.class).colbert();
			JsonNode json = json(descriptor, JsonMapper.builder().build());

			assertThat(json.get("store").asString()).isEqualTo("embedded");
			JsonNode index = json.get("index");
			assertThat(fieldNames(index)).containsExactly("documents", "tokenVectors", "centroids", "nbits", "dim",
					"bytesOnDisk", "bytesPerVector", "compressionRatioVsFp16", "averageDocumentLength",
					"maxDocumentLength", "lastCommit", "pendingDeletes", "reclusterAdvisable", "reclusterReason");
			TokenVectorStore store = context.getBean(TokenVectorStore.class);
			assertThat(index.get("documents").asLong()).isEqualTo(13);
			assertThat(index.get("tokenVectors").asLong()).isEqualTo(store.stats().tokenVectors()).isPositive();
			assertThat(index.get("centroids").asInt()).isPositive();
			assertThat(index.get("nbits").asInt()).isEqualTo(2);
			assertThat(index.get("dim").asInt()).isEqualTo(32);
			assertThat(index.get("bytesOnDisk").asLong()).isEqualTo(store.stats().bytesOnDisk()).isPositive();
			assertThat(index.get("bytesPerVector").asDouble()).isPositive();
			assertThat(index.get("compressionRatioVsFp16").asDouble()).isGreaterThan(1);
			assertThat(index.get("averageDocumentLength").asDouble()).isPositive();
			assertThat(index.get("maxDocumentLength").asInt()).isPositive();
			assertThat(Instant.parse(index.get("lastCommit").asString())).isNotNull();
			assertThat(index.get("pendingDeletes").asInt()).isZero();
			assertThat(index.get("reclusterAdvisable").isBoolean()).isTrue();

			EncoderInfo info = context.getBean(ColbertEncoder.class).info();
			JsonNode model = json.get("model");
			assertThat(fieldNames(model)).containsExactly("source", "backbone", "dim", "fingerprint");
			assertThat(model.get("source").asString()).isEqualTo(info.source());
			assertThat(model.get("backbone").asString()).isEqualTo(info.backbone());
			assertThat(model.get("dim").asInt()).isEqualTo(32);
			assertThat(model.get("fingerprint").asString()).isEqualTo(info.fingerprint());

			JsonNode queries = json.get("queries");
			assertThat(fieldNames(queries)).containsExactly("count", "meanMs", "p50Ms", "p95Ms", "p99Ms",
					"percentiles");
			Timer timer = context.getBean(MeterRegistry.class)
				.get("db.vector.client.operation")
				.tags("db.system", "colbert", "db.operation.name", "query")
				.timer();
			assertThat(timer.count()).isEqualTo(6);
			assertThat(queries.get("count").asLong()).isEqualTo(6);
			assertThat(queries.get("meanMs").asDouble())
				.isCloseTo(timer.mean(TimeUnit.MILLISECONDS), within(0.001));
			ColbertQueryRecorder.Snapshot recorded = context.getBean(ColbertQueryRecorder.class).snapshot();
			assertThat(recorded.count()).isEqualTo(6);
			assertThat(queries.get("p50Ms").asDouble()).isPositive().isCloseTo(recorded.p50Ms(), within(0.001));
			assertThat(queries.get("p95Ms").asDouble()).isGreaterThanOrEqualTo(queries.get("p50Ms").asDouble());
			assertThat(queries.get("p99Ms").asDouble()).isGreaterThanOrEqualTo(queries.get("p95Ms").asDouble())
				.isCloseTo(recorded.p99Ms(), within(0.001));
			assertThat(queries.get("percentiles").asString()).isEqualTo("last-6");
		});
	}

	@Test
	@SuppressWarnings("unchecked")
	void actuatorDiscoversTheEndpointAndAnswersItsReadOperation() {
		contextRunner()
			.withConfiguration(AutoConfigurations.of(JmxAutoConfiguration.class, EndpointAutoConfiguration.class,
					JmxEndpointAutoConfiguration.class))
			.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=colbert")
			.run((context) -> {
				context.getBean(VectorStore.class).add(documents(3));
				MBeanServer server = context.getBean(MBeanServer.class);
				Set<ObjectName> names = server
					.queryNames(new ObjectName("org.springframework.boot:type=Endpoint,name=Colbert,*"), null);
				assertThat(names).hasSize(1);

				Map<String, Object> result = (Map<String, Object>) server.invoke(names.iterator().next(), "colbert",
						new Object[0], new String[0]);

				assertThat(result).containsOnlyKeys("store", "index", "model", "queries").containsEntry("store", "embedded");
				assertThat((Map<String, Object>) result.get("index")).containsEntry("documents", 3L)
					.containsEntry("reclusterReason", null);
				assertThat((Map<String, Object>) result.get("queries")).containsEntry("count", 0L)
					.containsEntry("p50Ms", null);
			});
	}

	@Test
	void nullsAreWrittenWhateverTheApplicationsInclusionSetting() {
		contextRunner().run((context) -> {
			ColbertDescriptor descriptor = context.getBean(ColbertEndpoint.class).colbert();
			JsonMapper nonNull = JsonMapper.builder()
				.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
				.build();

			JsonNode json = json(descriptor, nonNull);

			assertThat(json.get("index").has("reclusterReason")).isTrue();
			assertThat(json.get("index").get("reclusterReason").isNull()).isTrue();
			assertThat(json.get("index").get("documents").asLong()).isZero();
			JsonNode queries = json.get("queries");
			assertThat(queries.get("count").asLong()).isZero();
			assertThat(fieldNames(queries)).containsExactly("count", "meanMs", "p50Ms", "p95Ms", "p99Ms",
					"percentiles");
			assertThat(queries.get("meanMs").isNull()).isTrue();
			assertThat(queries.get("p99Ms").isNull()).isTrue();
		});
	}

	@Test
	void percentilesPublishedByTheTimerAreUsed() {
		contextRunner()
			.withPropertyValues("management.metrics.distribution.percentiles.db.vector.client.operation=0.5,0.95,0.99")
			.run((context) -> {
				VectorStore vectorStore = context.getBean(VectorStore.class);
				vectorStore.add(documents(5));
				for (int i = 0; i < 4; i++) {
					vectorStore.similaritySearch(SearchRequest.builder().query("harbour " + i).build());
				}

				ColbertDescriptor.QueriesDescriptor queries = context.getBean(ColbertEndpoint.class).colbert().queries();

				assertThat(queries.count()).isEqualTo(4);
				assertThat(queries.percentiles()).isEqualTo("micrometer");
				assertThat(queries.p50Ms()).isPositive();
				assertThat(queries.p99Ms()).isGreaterThanOrEqualTo(queries.p50Ms());
			});
	}

	@Test
	void withoutMetricsTheRecorderCountsTheSearches() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ColbertActuatorAutoConfiguration.class,
					ColbertEmbeddedStoreAutoConfiguration.class, ColbertSpringAiAutoConfiguration.class,
					ObservationAutoConfiguration.class))
			.withUserConfiguration(EncoderConfiguration.class)
			.withPropertyValues("colbert.store.embedded.path=" + this.folder.resolve("index"),
					"management.endpoints.web.exposure.include=colbert")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(MeterRegistry.class);
				VectorStore vectorStore = context.getBean(VectorStore.class);
				vectorStore.add(documents(3));
				vectorStore.similaritySearch("harbour");
				vectorStore.similaritySearch("tide");

				ColbertDescriptor.QueriesDescriptor queries = context.getBean(ColbertEndpoint.class).colbert().queries();

				assertThat(queries.count()).isEqualTo(2);
				assertThat(queries.meanMs()).isPositive();
				assertThat(queries.p50Ms()).isPositive();
				assertThat(queries.percentiles()).isEqualTo("last-2");
			});
	}

	@Test
	void healthIsUpWithTheDocumentsAndTheModel() {
		contextRunner().run((context) -> {
			context.getBean(VectorStore.class).add(documents(4));
			HealthIndicator indicator = context.getBean("colbertHealthIndicator", HealthIndicator.class);

			Health health = indicator.health();

			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("store", "embedded")
				.containsEntry("documents", 4L)
				.containsEntry("model", context.getBean(ColbertEncoder.class).info().source())
				.containsKey("tokenVectors");
		});
	}

	@Test
	void healthIsDownWithTheReasonWhenTheIndexCannotBeRead() {
		contextRunner().run((context) -> {
			context.getBean(TokenVectorStore.class).close();

			Health health = context.getBean("colbertHealthIndicator", HealthIndicator.class).health();

			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(String.valueOf(health.getDetails().get("error"))).contains("IllegalStateException")
				.contains("is closed");
		});
	}

	@Test
	void theEndpointNeedsToBeExposedAndTheHealthIndicatorCanBeDisabled() {
		contextRunner()
			.withPropertyValues("management.endpoints.web.exposure.include=health", "management.health.colbert.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ColbertEndpoint.class)
				.doesNotHaveBean(ColbertQueryRecorder.class)
				.doesNotHaveBean(ColbertHealthIndicator.class));
	}

	@Test
	void userBeansReplaceTheAutoConfiguredOnes() {
		contextRunner().withUserConfiguration(UserActuatorConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ColbertEndpoint.class).hasSingleBean(ColbertQueryRecorder.class);
			assertThat(context.getBean(ColbertEndpoint.class))
				.isSameAs(context.getBean(UserActuatorConfiguration.class).endpoint);
			assertThat(context.getBean(ColbertQueryRecorder.class).windowSize()).isEqualTo(10);
			assertThat(context.getBean("colbertHealthIndicator")).isInstanceOf(UserHealthIndicator.class);
			assertThat(context).doesNotHaveBean(ColbertHealthIndicator.class);
		});
	}

	@Test
	void backsOffWithoutActuatorOrWithoutAStore() {
		contextRunner().withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ColbertEndpoint.class)
				.doesNotHaveBean(ColbertHealthIndicator.class));
		contextRunner().withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(ColbertEndpoint.class)
				.doesNotHaveBean(ColbertHealthIndicator.class));
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ColbertActuatorAutoConfiguration.class))
			.withUserConfiguration(EncoderConfiguration.class)
			.withPropertyValues("management.endpoints.web.exposure.include=colbert")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ColbertEndpoint.class)
				.doesNotHaveBean(ColbertHealthIndicator.class));
	}

	private static JsonNode json(ColbertDescriptor descriptor, JsonMapper mapper) {
		return mapper.readTree(mapper.writeValueAsString(descriptor));
	}

	private static List<String> fieldNames(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.propertyNames().forEach(names::add);
		return names;
	}

	private static List<Document> documents(int count) {
		List<Document> documents = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			documents.add(new Document("d" + i, "harbour number " + i + " has tide tables and ferry " + i,
					Map.of("n", i)));
		}
		return documents;
	}

	@Configuration(proxyBeanMethods = false)
	static class EncoderConfiguration {

		@Bean
		ColbertEncoder colbertEncoder() {
			return new WordHashEncoder(32);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserActuatorConfiguration {

		ColbertEndpoint endpoint;

		@Bean
		ColbertQueryRecorder myRecorder() {
			return new ColbertQueryRecorder(10);
		}

		@Bean
		ColbertEndpoint myEndpoint(TokenVectorStore store, ColbertEncoder encoder, ColbertQueryRecorder recorder) {
			this.endpoint = new ColbertEndpoint(store, encoder, recorder, null);
			return this.endpoint;
		}

		@Bean
		UserHealthIndicator colbertHealthIndicator() {
			return new UserHealthIndicator();
		}

	}

	static class UserHealthIndicator implements HealthIndicator {

		@Override
		public Health health() {
			return Health.up().build();
		}

	}

}
