package dev.colbert.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import dev.colbert.autoconfigure.ai.RetrieverProperties;
import dev.colbert.autoconfigure.encoder.EncoderProperties;
import dev.colbert.autoconfigure.store.EmbeddedStoreProperties;
import dev.colbert.autoconfigure.store.StoreType;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.hybrid.FusionMode;
import dev.colbert.hybrid.HybridParams;
import dev.colbert.lexical.LexicalSettings;
import dev.colbert.search.SearchMode;
import dev.colbert.spring.ai.RetrievalMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binding and start-up validation of {@code colbert.*}: every invalid value stops the context with a message naming
 * the property, the allowed values and the value given.
 */
class ColbertPropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void defaults() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			ColbertProperties properties = context.getBean(ColbertProperties.class);
			assertThat(properties.getModel()).isEqualTo("embedded:bge-small-en-v1.5");
			assertThat(properties.getEncoder().getBatchSize()).isEqualTo(EncoderOptions.DEFAULT_BATCH_SIZE);
			assertThat(properties.getEncoder().getWorkerThreads()).isNull();
			assertThat(properties.getEncoder().getThreads()).isNull();
			assertThat(properties.getEncoder().getDevice()).isEqualTo("cpu");
			assertThat(properties.getEncoder().getQueryMaxLength()).isNull();
			assertThat(properties.getEncoder().getHub().getEndpoint()).isEqualTo(URI.create("https://huggingface.co"));
			assertThat(properties.getStore().getType()).isEqualTo(StoreType.EMBEDDED);
			assertThat(properties.getStore().getEmbedded().getPath()).isEqualTo(Path.of("colbert-index"));
			assertThat(properties.getStore().getEmbedded().getNbits()).isEqualTo(2);
			assertThat(properties.getVectorStore().getSearchMode()).isEqualTo(SearchMode.PLAID);
			assertThat(properties.getRetriever().getTopK()).isEqualTo(4);
			assertThat(properties.getRetriever().getSimilarityThreshold()).isZero();
			assertThat(properties.violations()).isEmpty();
		});
	}

	@Test
	void bindsEveryGroup() {
		this.contextRunner
			.withPropertyValues("colbert.model=/models/colbertv2.0", "colbert.encoder.query-max-length=64",
					"colbert.encoder.document-max-length=180", "colbert.encoder.query-augmentation=true",
					"colbert.encoder.dim=128", "colbert.encoder.batch-size=16", "colbert.encoder.worker-threads=3", "colbert.encoder.threads=2",
					"colbert.encoder.query-threads=4",
					"colbert.encoder.device=cuda:1", "colbert.encoder.hub.endpoint=http://127.0.0.1:8080",
					"colbert.encoder.hub.cache-dir=/tmp/hub", "colbert.encoder.hub.token=hf_secret",
					"colbert.encoder.hub.timeout=2m", "colbert.store.embedded.path=/data/index",
					"colbert.store.embedded.nbits=4", "colbert.store.embedded.centroids=4096",
					"colbert.store.embedded.kmeans-iterations=10", "colbert.store.embedded.plaid.ncells=2",
					"colbert.store.embedded.plaid.centroid-score-threshold=0.45", "colbert.store.embedded.plaid.ndocs=1024",
					"colbert.vector-store.search-mode=exhaustive", "colbert.vector-store.batch-size=8",
					"colbert.retriever.top-k=10", "colbert.retriever.similarity-threshold=0.6",
					"colbert.retriever.filter-expression=tenant == 'acme'", "colbert.retriever.explain=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ColbertProperties properties = context.getBean(ColbertProperties.class);
				assertThat(properties.getModel()).isEqualTo("/models/colbertv2.0");
				EncoderProperties encoder = properties.getEncoder();
				assertThat(encoder.getQueryMaxLength()).isEqualTo(64);
				assertThat(encoder.getDocumentMaxLength()).isEqualTo(180);
				assertThat(encoder.getQueryAugmentation()).isTrue();
				assertThat(encoder.getDim()).isEqualTo(128);
				assertThat(encoder.getBatchSize()).isEqualTo(16);
				assertThat(encoder.getWorkerThreads()).isEqualTo(3);
				assertThat(encoder.getQueryThreads()).isEqualTo(4);
				assertThat(encoder.getThreads()).isEqualTo(2);
				assertThat(encoder.getDevice()).isEqualTo("cuda:1");
				assertThat(encoder.getHub().getEndpoint()).isEqualTo(URI.create("http://127.0.0.1:8080"));
				assertThat(encoder.getHub().getCacheDir()).isEqualTo(Path.of("/tmp/hub"));
				assertThat(encoder.getHub().getToken()).isEqualTo("hf_secret");
				assertThat(encoder.getHub().getTimeout()).isEqualTo(Duration.ofMinutes(2));
				EmbeddedStoreProperties embedded = properties.getStore().getEmbedded();
				assertThat(embedded.getPath()).isEqualTo(Path.of("/data/index"));
				assertThat(embedded.getNbits()).isEqualTo(4);
				assertThat(embedded.getCentroids()).isEqualTo(4096);
				assertThat(embedded.getKmeansIterations()).isEqualTo(10);
				assertThat(embedded.getPlaid().getNcells()).isEqualTo(2);
				assertThat(embedded.getPlaid().getCentroidScoreThreshold()).isEqualTo(0.45);
				assertThat(embedded.getPlaid().getNdocs()).isEqualTo(1024);
				assertThat(properties.getVectorStore().getSearchMode()).isEqualTo(SearchMode.EXHAUSTIVE);
				assertThat(properties.getVectorStore().getBatchSize()).isEqualTo(8);
				assertThat(properties.getRetriever().getTopK()).isEqualTo(10);
				assertThat(properties.getRetriever().getSimilarityThreshold()).isEqualTo(0.6);
				assertThat(properties.getRetriever().getFilterExpression()).isEqualTo("tenant == 'acme'");
				assertThat(properties.getRetriever().isExplain()).isTrue();
			});
	}

	@Test
	void bindsTheLexicalIndexAndHybridRetrieval() {
		this.contextRunner.run((context) -> {
			ColbertProperties defaults = context.getBean(ColbertProperties.class);
			assertThat(defaults.getRetriever().getMode()).isEqualTo(RetrievalMode.HYBRID);
			assertThat(defaults.getRetriever().hasExplicitMode()).isFalse();
			assertThat(defaults.getRetriever().getHybrid().toParams()).isEqualTo(new HybridParams(FusionMode.WEIGHTED_SUM, 100, 20, 0.2));
			assertThat(defaults.getStore().getEmbedded().getLexical().toSettings()).isEqualTo(LexicalSettings.defaults());
		});
		this.contextRunner
			.withPropertyValues("colbert.retriever.mode=hybrid", "colbert.retriever.hybrid.fusion=weighted-sum",
					"colbert.retriever.hybrid.candidates=50", "colbert.retriever.hybrid.rrf-k=20",
					"colbert.retriever.hybrid.lexical-weight=0.3", "colbert.store.embedded.lexical.analyzer=standard",
					"colbert.store.embedded.lexical.k1=1.2", "colbert.store.embedded.lexical.b=0.75")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ColbertProperties properties = context.getBean(ColbertProperties.class);
				assertThat(properties.getRetriever().getMode()).isEqualTo(RetrievalMode.HYBRID);
				assertThat(properties.getRetriever().hasExplicitMode()).isTrue();
				assertThat(properties.getRetriever().getHybrid().toParams())
					.isEqualTo(new HybridParams(FusionMode.WEIGHTED_SUM, 50, 20, 0.3));
				assertThat(properties.getStore().getEmbedded().getLexical().toSettings())
					.isEqualTo(new LexicalSettings("standard", 1.2f, 0.75f));
			});
		this.contextRunner.withPropertyValues("colbert.store.embedded.lexical.enabled=false")
			.run((context) -> assertThat(
					context.getBean(ColbertProperties.class).getStore().getEmbedded().getLexical().toSettings()).isNull());
	}

	@Test
	void theDefaultModeWithoutTheLexicalIndexStarts() {
		this.contextRunner.withPropertyValues("colbert.store.embedded.lexical.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			ColbertProperties properties = context.getBean(ColbertProperties.class);
			assertThat(properties.getRetriever().hasExplicitMode()).isFalse();
			assertThat(properties.violations()).isEmpty();
		});
		this.contextRunner
			.withPropertyValues("colbert.retriever.mode=late-interaction", "colbert.store.embedded.lexical.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RetrieverProperties retriever = context.getBean(ColbertProperties.class).getRetriever();
				assertThat(retriever.getMode()).isEqualTo(RetrievalMode.LATE_INTERACTION);
				assertThat(retriever.hasExplicitMode()).isTrue();
			});
	}

	@Test
	void hybridRetrievalWithoutTheLexicalIndexStopsTheStart() {
		this.contextRunner
			.withPropertyValues("colbert.retriever.mode=hybrid", "colbert.store.embedded.lexical.enabled=false")
			.run((context) -> assertThat(allMessages(context.getStartupFailure())).contains(
					"colbert.retriever.mode is hybrid, which needs the lexical index, but colbert.store.embedded.lexical.enabled is false"));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			colbert.model=                                        | colbert.model must name a model (a checkpoint folder, a hub id or embedded:bge-small-en-v1.5) but was ''
			colbert.encoder.query-max-length=3                    | colbert.encoder.query-max-length must be at least 4 but was 3
			colbert.encoder.document-max-length=2                 | colbert.encoder.document-max-length must be at least 4 but was 2
			colbert.encoder.worker-threads=0                      | colbert.encoder.worker-threads must be between 1 and 1024 but was 0
			colbert.encoder.dim=0                                 | colbert.encoder.dim must be between 1 and 65536 but was 0
			colbert.encoder.batch-size=0                          | colbert.encoder.batch-size must be between 1 and 4096 but was 0
			colbert.encoder.threads=-1                            | colbert.encoder.threads must be between 0 and 1024 but was -1
			colbert.encoder.query-threads=1025                    | colbert.encoder.query-threads must be between 0 and 1024 but was 1025
			colbert.encoder.device=gpu                            | colbert.encoder.device must be cpu, cuda or cuda:N but was 'gpu'
			colbert.encoder.hub.endpoint=ftp://hub.example        | colbert.encoder.hub.endpoint must be an http or https URL but was 'ftp://hub.example'
			colbert.encoder.hub.timeout=500ms                     | colbert.encoder.hub.timeout must be between 1s and 1h but was PT0.5S
			colbert.store.embedded.nbits=3                        | colbert.store.embedded.nbits must be 1, 2 or 4 but was 3
			colbert.store.embedded.centroids=0                    | colbert.store.embedded.centroids must be between 1 and 16777216 but was 0
			colbert.store.embedded.kmeans-iterations=-1           | colbert.store.embedded.kmeans-iterations must be between 0 and 1000 but was -1
			colbert.store.embedded.centroid-bits=3                | colbert.store.embedded.centroid-bits must be between 4 and 16 but was 3
			colbert.store.embedded.merge-factor=1                 | colbert.store.embedded.merge-factor must be between 2 and 1000 but was 1
			colbert.store.embedded.plaid.ncells=0                 | colbert.store.embedded.plaid.ncells must be between 1 and 16777216 but was 0
			colbert.store.embedded.plaid.ndocs=0                  | colbert.store.embedded.plaid.ndocs must be at least 1 but was 0
			colbert.store.embedded.plaid.centroid-score-threshold=1.5 | colbert.store.embedded.plaid.centroid-score-threshold must be between -1 and 1 but was 1.5
			colbert.vector-store.batch-size=0                     | colbert.vector-store.batch-size must be between 1 and 100000 but was 0
			colbert.retriever.top-k=0                             | colbert.retriever.top-k must be between 1 and 10000 but was 0
			colbert.retriever.similarity-threshold=1.2            | colbert.retriever.similarity-threshold must be between 0 and 1 but was 1.2
			colbert.retriever.filter-expression=tenant ==         | colbert.retriever.filter-expression 'tenant ==' is invalid: it does not parse
			colbert.retriever.hybrid.candidates=0                 | colbert.retriever.hybrid.candidates must be between 1 and 10000 but was 0
			colbert.retriever.hybrid.rrf-k=0                      | colbert.retriever.hybrid.rrf-k must be between 1 and 1000000 but was 0
			colbert.retriever.hybrid.lexical-weight=1.5           | colbert.retriever.hybrid.lexical-weight must be between 0 and 1 but was 1.5
			colbert.store.embedded.lexical.analyzer=klingon       | colbert.store.embedded.lexical.analyzer: Unknown analyzer 'klingon'
			colbert.store.embedded.lexical.k1=-1                  | colbert.store.embedded.lexical.k1 must be between 0 and 100 but was -1.0
			colbert.store.embedded.lexical.b=2                    | colbert.store.embedded.lexical.b must be between 0 and 1 but was 2.0
			""")
	void invalidValuesFailTheStartWithAClearMessage(String property, String message) {
		this.contextRunner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(allMessages(context.getStartupFailure())).contains(message);
		});
	}

	@Test
	void anUnknownStoreTypeFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("colbert.store.type=redis").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(allMessages(context.getStartupFailure())).contains("colbert.store.type")
				.contains("redis")
				.contains("StoreType");
		});
	}

	@Test
	void everyViolationIsReportedAtOnce() {
		this.contextRunner.withPropertyValues("colbert.store.embedded.nbits=3", "colbert.retriever.top-k=0")
			.run((context) -> assertThat(allMessages(context.getStartupFailure()))
				.contains("colbert.store.embedded.nbits must be 1, 2 or 4 but was 3")
				.contains("colbert.retriever.top-k must be between 1 and 10000 but was 0"));
	}

	@Test
	void embeddedSettingsAreNotCheckedWhenTheStoreIsOpenSearch() {
		this.contextRunner.withPropertyValues("colbert.store.type=opensearch", "colbert.store.embedded.nbits=3")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	static String allMessages(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable t = failure; t != null; t = t.getCause()) {
			messages.append(t.getMessage()).append('\n');
		}
		return messages.toString();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ColbertProperties.class)
	static class PropertiesConfiguration {

	}

}
