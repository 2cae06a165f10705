package dev.colbert.spring.ai;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.SwitchableEncoder;
import dev.colbert.index.ColbertIndex;
import dev.colbert.index.IndexSettings;
import dev.colbert.store.embedded.EmbeddedTokenVectorStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adds and model swaps (issue 15, item 4): an add encodes outside the encoder's lock and holds it only to store, so a
 * swap does not wait for a long add, and searches do not queue behind a waiting swap; vectors are stored only when
 * the model that encoded them still serves.
 */
class ColbertVectorStoreModelSwapTests {

	private static final int DIM = 32;

	@TempDir
	Path directory;

	private final ExecutorService executor = Executors.newFixedThreadPool(2);

	private final List<AutoCloseable> closeables = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		this.executor.shutdownNow();
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
	}

	@Test
	void searchesKeepAnsweringWhileASwapWaitsForALongAdd() throws Exception {
		WordHashEncoder words = new WordHashEncoder(DIM);
		CountDownLatch twoBatches = new CountDownLatch(2);
		// 40 documents in batches of 2, 100 ms a batch: the add encodes for about 2 s
		BatchRecordingEncoder slow = new BatchRecordingEncoder(words, Integer.MAX_VALUE, (batch) -> {
			twoBatches.countDown();
			sleep(100);
		});
		SwitchableEncoder encoder = new SwitchableEncoder(slow);
		EmbeddedTokenVectorStore store = open(this.directory.resolve("index"), words.info().fingerprint());
		ColbertVectorStore vectorStore = ColbertVectorStore.builder(encoder, store).batchSize(2).build();
		vectorStore.add(List.of(new Document("seed", "green pears and red apples", Map.of())));
		Future<?> adding = this.executor.submit(() -> vectorStore.add(documents("doc", 40)));
		assertThat(twoBatches.await(10, TimeUnit.SECONDS)).isTrue();
		Future<ColbertEncoder> swapping = this.executor
			.submit(() -> encoder.switchTo(new WordHashEncoder(DIM), () -> {
			}));
		Thread.sleep(100);
		long maxMillis = 0;
		int searches = 0;
		long end = System.nanoTime() + 1_500_000_000L;
		while (System.nanoTime() < end) {
			long start = System.nanoTime();
			List<Document> found = vectorStore
				.similaritySearch(SearchRequest.builder().query("green pears").topK(3).build());
			maxMillis = Math.max(maxMillis, (System.nanoTime() - start) / 1_000_000);
			assertThat(found).isNotEmpty();
			searches++;
		}
		assertThat(maxMillis).as("slowest of %d searches while the add ran and the swap waited, ms", searches)
			.isLessThan(1_000);
		assertThat(swapping.get(10, TimeUnit.SECONDS)).isSameAs(slow);
		adding.get(30, TimeUnit.SECONDS);
		assertThat(store.stats().documents()).isEqualTo(41);
	}

	@Test
	void anAddASwapToAnotherModelOvertakesIsEncodedAgainWithTheNewModel() throws Exception {
		CountDownLatch twoBatches = new CountDownLatch(2);
		BatchRecordingEncoder first = new BatchRecordingEncoder(new WordHashEncoder(DIM, "first"), Integer.MAX_VALUE,
				(batch) -> {
					twoBatches.countDown();
					sleep(100);
				});
		BatchRecordingEncoder second = new BatchRecordingEncoder(new WordHashEncoder(DIM, "second"), Integer.MAX_VALUE);
		SwitchableEncoder encoder = new SwitchableEncoder(first);
		EmbeddedTokenVectorStore store = open(this.directory.resolve("first"), "first");
		ColbertVectorStore vectorStore = ColbertVectorStore.builder(encoder, store).batchSize(2).build();
		Future<?> adding = this.executor.submit(() -> vectorStore.add(documents("doc", 20)));
		assertThat(twoBatches.await(10, TimeUnit.SECONDS)).isTrue();
		ColbertIndex secondIndex = ColbertIndex.open(this.directory.resolve("second"), IndexSettings.defaults(),
				"second", DIM);
		ColbertIndex[] replaced = new ColbertIndex[1];
		encoder.switchTo(second, () -> replaced[0] = store.replaceIndex(secondIndex, (index) -> {
		}));
		this.closeables.add(replaced[0]);
		adding.get(30, TimeUnit.SECONDS);
		assertThat(replaced[0].stats().documents()).as("documents stored with the replaced model").isZero();
		assertThat(store.modelFingerprint()).isEqualTo("second");
		assertThat(store.stats().documents()).isEqualTo(20);
		assertThat(second.batchSizes().stream().mapToInt(Integer::intValue).sum())
			.as("documents the new model encoded").isEqualTo(20);
	}

	@Test
	void anAddFailsClearlyAndStoresNothingWhenTheModelKeepsChanging() throws Exception {
		BatchRecordingEncoder first = new BatchRecordingEncoder(new WordHashEncoder(DIM, "first"), Integer.MAX_VALUE,
				(batch) -> sleep(50));
		BatchRecordingEncoder second = new BatchRecordingEncoder(new WordHashEncoder(DIM, "second"),
				Integer.MAX_VALUE, (batch) -> sleep(50));
		SwitchableEncoder encoder = new SwitchableEncoder(first);
		EmbeddedTokenVectorStore store = open(this.directory.resolve("index"), "first");
		ColbertVectorStore vectorStore = ColbertVectorStore.builder(encoder, store).batchSize(2).build();
		AtomicBoolean swapping = new AtomicBoolean(true);
		Future<?> swaps = this.executor.submit(() -> {
			while (swapping.get()) {
				encoder.switchTo((encoder.current() == first) ? second : first, () -> {
				});
				sleep(30);
			}
		});
		try {
			vectorStore.add(documents("doc", 10));
			throw new AssertionError("the add succeeded while the model changed every 30 ms");
		}
		catch (IllegalStateException ex) {
			assertThat(ex).hasMessageContaining("model").hasMessageContaining("swapped");
		}
		finally {
			swapping.set(false);
			swaps.get(10, TimeUnit.SECONDS);
		}
		assertThat(store.stats().documents()).isZero();
	}

	private EmbeddedTokenVectorStore open(Path path, String fingerprint) {
		EmbeddedTokenVectorStore store = EmbeddedTokenVectorStore.open(path, IndexSettings.defaults(), fingerprint, DIM);
		this.closeables.add(store);
		return store;
	}

	private static List<Document> documents(String prefix, int count) {
		List<Document> documents = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			documents.add(new Document(prefix + i, "document " + i + " about pears, apples and late interaction",
					Map.of("n", i)));
		}
		return documents;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
