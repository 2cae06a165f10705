package dev.colbert.autoconfigure.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.index.IndexDocument;
import dev.colbert.index.IndexSettings;
import dev.colbert.lexical.LexicalSettings;
import dev.colbert.search.SearchMode;
import dev.colbert.search.SearchParams;
import dev.colbert.spring.ai.TestStores;
import dev.colbert.spring.ai.WordHashEncoder;
import dev.colbert.store.StoreQuery;
import dev.colbert.store.TokenVectorStore;
import dev.colbert.store.embedded.EmbeddedTokenVectorStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The embedded token-vector store of {@code colbert.store.embedded.*} over the application's encoder. */
class ColbertEmbeddedStoreAutoConfigurationTests {

	@TempDir
	static Path userStores;

	@TempDir
	Path folder;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ColbertEmbeddedStoreAutoConfiguration.class))
		.withUserConfiguration(EncoderConfiguration.class);

	@Test
	void opensAnEmbeddedIndexWithTheReferenceSettingsByDefault() {
		Path path = this.folder.resolve("index");
		this.contextRunner.withPropertyValues("colbert.store.embedded.path=" + path).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(TokenVectorStore.class);
			EmbeddedTokenVectorStore store = context.getBean(EmbeddedTokenVectorStore.class);
			assertThat(store.index().directory()).isEqualTo(path);
			assertThat(store.index().dim()).isEqualTo(32);
			assertThat(store.modelFingerprint()).isEqualTo("word-hash-32");
			assertThat(store.index().settings()).usingRecursiveComparison().isEqualTo(IndexSettings.defaults());
			for (int k : new int[] { 1, 10, 11, 100, 101, 5000 }) {
				assertThat(store.searchParams(k, SearchMode.PLAID)).isEqualTo(SearchParams.forK(k));
			}
		});
		assertThat(path).isNotEmptyDirectory();
	}

	@Test
	void theLexicalIndexIsKeptByDefaultAndCanBeTurnedOff() {
		Path path = this.folder.resolve("index");
		this.contextRunner.withPropertyValues("colbert.store.embedded.path=" + path).run((context) -> {
			EmbeddedTokenVectorStore store = context.getBean(EmbeddedTokenVectorStore.class);
			assertThat(store.lexicalIndex()).isPresent();
			assertThat(store.lexicalIndex().get().settings()).isEqualTo(LexicalSettings.defaults());
			assertThat(store.lexicalIndex().get().path()).isEqualTo(path.resolve("lexical"));
		});
		this.contextRunner
			.withPropertyValues("colbert.store.embedded.path=" + path, "colbert.store.embedded.lexical.enabled=false")
			.run((context) -> assertThat(context.getBean(EmbeddedTokenVectorStore.class).lexicalIndex()).isEmpty());
		this.contextRunner
			.withPropertyValues("colbert.store.embedded.path=" + path, "colbert.store.embedded.lexical.analyzer=standard",
					"colbert.store.embedded.lexical.k1=1.2", "colbert.store.embedded.lexical.b=0.75")
			.run((context) -> assertThat(
					context.getBean(EmbeddedTokenVectorStore.class).lexicalIndex().orElseThrow().settings())
				.isEqualTo(new LexicalSettings("standard", 1.2f, 0.75f)));
	}

	@Test
	void indexPropertiesApply() {
		this.contextRunner
			.withPropertyValues("colbert.store.embedded.path=" + this.folder.resolve("index"),
					"colbert.store.embedded.nbits=4", "colbert.store.embedded.centroids=64",
					"colbert.store.embedded.kmeans-iterations=7", "colbert.store.embedded.centroid-bits=12",
					"colbert.store.embedded.seed=1234", "colbert.store.embedded.merge-factor=3",
					"colbert.store.embedded.verify-checksums-on-open=false", "colbert.store.embedded.search-threads=2")
			.run((context) -> {
				IndexSettings settings = context.getBean(EmbeddedTokenVectorStore.class).index().settings();
				assertThat(settings.nbits()).isEqualTo(4);
				assertThat(settings.centroids()).isEqualTo(64);
				assertThat(settings.kmeansIterations()).isEqualTo(7);
				assertThat(settings.centroidBits()).isEqualTo(12);
				assertThat(settings.seed()).isEqualTo(1234);
				assertThat(settings.mergeFactor()).isEqualTo(3);
				assertThat(settings.verifyChecksumsOnOpen()).isFalse();
				assertThat(settings.searchThreads()).isEqualTo(2);
				assertThat(context.getBean(EmbeddedTokenVectorStore.class).stats().details().index().nbits())
					.isEqualTo(4);
			});
	}

	@Test
	void plaidPropertiesOverrideTheReferenceParametersOfEverySearch() {
		this.contextRunner
			.withPropertyValues("colbert.store.embedded.path=" + this.folder.resolve("index"),
					"colbert.store.embedded.plaid.ncells=3", "colbert.store.embedded.plaid.centroid-score-threshold=0.3",
					"colbert.store.embedded.plaid.ndocs=512")
			.run((context) -> {
				EmbeddedTokenVectorStore store = context.getBean(EmbeddedTokenVectorStore.class);
				assertThat(store.searchParams(5, SearchMode.PLAID))
					.isEqualTo(new SearchParams(5, 3, 0.3f, 512, SearchMode.PLAID));
				assertThat(store.searchParams(50, SearchMode.PLAID))
					.isEqualTo(new SearchParams(50, 3, 0.3f, 512, SearchMode.PLAID));
				assertThat(store.searchParams(200, SearchMode.PLAID)).as("ndocs raised to 4 x top-K")
					.isEqualTo(new SearchParams(200, 3, 0.3f, 800, SearchMode.PLAID));
				assertThat(store.searchParams(5, SearchMode.EXHAUSTIVE)).isEqualTo(SearchParams.exhaustive(5));
			});
	}

	@Test
	void anUnsetPlaidValueKeepsTheReferenceValueForTheTopK() {
		this.contextRunner
			.withPropertyValues("colbert.store.embedded.path=" + this.folder.resolve("index"),
					"colbert.store.embedded.plaid.ncells=4")
			.run((context) -> {
				EmbeddedTokenVectorStore store = context.getBean(EmbeddedTokenVectorStore.class);
				assertThat(store.searchParams(5, SearchMode.PLAID)).isEqualTo(SearchParams.forK(5).withNcells(4));
				assertThat(store.searchParams(500, SearchMode.PLAID)).isEqualTo(SearchParams.forK(500).withNcells(4));
			});
	}

	@Test
	void documentsOutliveTheContext() {
		Path path = this.folder.resolve("index");
		WordHashEncoder encoder = new WordHashEncoder(32);
		this.contextRunner.withPropertyValues("colbert.store.embedded.path=" + path).run((context) -> {
			TokenVectorStore store = context.getBean(TokenVectorStore.class);
			store.add(List.of(new IndexDocument("a", "tide tables", Map.of("port", "brest"),
					encoder.encodeDocuments(List.of("tide tables")).get(0))));
		});
		this.contextRunner.withPropertyValues("colbert.store.embedded.path=" + path).run((context) -> {
			TokenVectorStore store = context.getBean(TokenVectorStore.class);
			assertThat(store.stats().documents()).isEqualTo(1);
			assertThat(store.search(StoreQuery.of(encoder.encodeQuery("tide"), 1)))
				.singleElement()
				.satisfies((hit) -> {
					assertThat(hit.id()).isEqualTo("a");
					assertThat(hit.metadata()).containsEntry("port", "brest");
				});
		});
	}

	@Test
	void theIndexIsClosedWithTheContext() {
		Path path = this.folder.resolve("index");
		EmbeddedTokenVectorStore[] store = new EmbeddedTokenVectorStore[1];
		this.contextRunner.withPropertyValues("colbert.store.embedded.path=" + path)
			.run((context) -> store[0] = context.getBean(EmbeddedTokenVectorStore.class));
		// the folder is free again: the index opens outside the context
		try (EmbeddedTokenVectorStore reopened = TestStores.embedded(path, new WordHashEncoder(32))) {
			assertThat(reopened.stats().documents()).isZero();
		}
		assertThatIllegalStateException().isThrownBy(() -> store[0].stats()).withMessageContaining("is closed");
	}

	@Test
	void anIndexOfAnotherModelStopsTheStartNamingBothModels() {
		Path path = this.folder.resolve("index");
		TestStores.embedded(path, new WordHashEncoder(32, "other-model")).close();
		this.contextRunner.withPropertyValues("colbert.store.embedded.path=" + path)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("built by the encoder with fingerprint other-model")
				.hasMessageContaining("opened for the encoder with fingerprint word-hash-32"));
	}

	@Test
	void anIndexWithOtherNbitsStopsTheStart() {
		Path path = this.folder.resolve("index");
		this.contextRunner.withPropertyValues("colbert.store.embedded.path=" + path).run((context) -> {
		});
		this.contextRunner.withPropertyValues("colbert.store.embedded.path=" + path, "colbert.store.embedded.nbits=4")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("was created with nbits 2 but the settings ask for nbits 4"));
	}

	@Test
	void aUserStoreReplacesTheEmbeddedOne() {
		Path path = this.folder.resolve("index");
		this.contextRunner.withUserConfiguration(UserStoreConfiguration.class)
			.withPropertyValues("colbert.store.embedded.path=" + path)
			.run((context) -> {
				assertThat(context).hasSingleBean(TokenVectorStore.class);
				assertThat(context.getBean(TokenVectorStore.class))
					.isSameAs(context.getBean(UserStoreConfiguration.class).store);
			});
		assertThat(path).doesNotExist();
	}

	@Test
	void backsOffWhenTheStoreTypeIsOpenSearch() {
		Path path = this.folder.resolve("index");
		this.contextRunner
			.withPropertyValues("colbert.store.type=opensearch", "colbert.store.embedded.path=" + path)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TokenVectorStore.class));
		assertThat(path).doesNotExist();
	}

	@Test
	void storeTypeIsCaseInsensitive() {
		this.contextRunner
			.withPropertyValues("colbert.store.type=EMBEDDED", "colbert.store.embedded.path=" + this.folder.resolve("i"))
			.run((context) -> assertThat(context).hasSingleBean(EmbeddedTokenVectorStore.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class EncoderConfiguration {

		@Bean
		ColbertEncoder colbertEncoder() {
			return new WordHashEncoder(32);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserStoreConfiguration {

		EmbeddedTokenVectorStore store;

		@Bean
		TokenVectorStore myStore(ColbertEncoder encoder) {
			this.store = TestStores.embedded(userStores.resolve("index"), encoder);
			return this.store;
		}

	}

}
