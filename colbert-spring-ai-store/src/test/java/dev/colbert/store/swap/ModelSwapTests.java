package dev.colbert.store.swap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;

import dev.colbert.encoder.SwitchableEncoder;
import dev.colbert.index.IndexSettings;
import dev.colbert.spring.ai.BatchRecordingEncoder;
import dev.colbert.spring.ai.ColbertVectorStore;
import dev.colbert.spring.ai.TestStores;
import dev.colbert.spring.ai.WordHashEncoder;
import dev.colbert.store.embedded.EmbeddedTokenVectorStore;
import dev.colbert.training.TrainingProgress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ModelSwapTests {

	private static final String[] WORDS = { "apple", "orchard", "harvest", "stock", "market", "crash", "violin",
			"concert", "vienna", "football", "league", "title", "river", "bridge", "winter", "storm", "garden", "tomato",
			"engine", "piston", "planet", "orbit", "castle", "knight" };

	@TempDir
	Path directory;

	private Path configured;

	private SwitchableEncoder encoder;

	private EmbeddedTokenVectorStore store;

	private ColbertVectorStore vectorStore;

	@BeforeEach
	void ingest() {
		this.configured = this.directory.resolve("index");
		this.encoder = new SwitchableEncoder(new WordHashEncoder(32, "old-model"));
		this.store = TestStores.embedded(this.configured, this.encoder);
		this.vectorStore = ColbertVectorStore.builder(this.encoder, this.store).batchSize(4).build();
		this.vectorStore.add(documents(0, 60));
	}

	@AfterEach
	void close() {
		this.store.close();
		this.encoder.close();
	}

	@Test
	void swapServesTheNewModelWithTheResultsOfAFreshIndex() {
		ModelSwap.Result result = swap().swap("new-checkpoint", new WordHashEncoder(48, "new-model"),
				TrainingProgress.none());
		assertThat(result.documents()).isEqualTo(60);
		assertThat(result.fingerprint()).isEqualTo("new-model");
		assertThat(result.index()).isNotEqualTo(this.configured.toAbsolutePath()).startsWith(this.directory);
		assertThat(this.encoder.info().fingerprint()).isEqualTo("new-model");
		assertThat(this.store.modelFingerprint()).isEqualTo("new-model");
		assertThat(this.store.index().directory().toAbsolutePath()).isEqualTo(result.index());
		assertThat(this.store.index().dim()).isEqualTo(48);
		assertThat(result.previousIndexDeleted()).as("the configured index is kept").isFalse();
		assertThat(this.configured).isDirectory();
		Path freshDirectory = this.directory.resolve("fresh");
		try (WordHashEncoder freshEncoder = new WordHashEncoder(48, "new-model");
				EmbeddedTokenVectorStore freshStore = TestStores.embedded(freshDirectory, freshEncoder)) {
			ColbertVectorStore fresh = ColbertVectorStore.builder(freshEncoder, freshStore).batchSize(4).build();
			fresh.add(documents(0, 60));
			for (String query : List.of("apple harvest", "violin concert vienna", "winter storm bridge")) {
				List<Document> swapped = this.vectorStore.similaritySearch(request(query));
				List<Document> expected = fresh.similaritySearch(request(query));
				assertThat(swapped).extracting(Document::getId).containsExactlyElementsOf(
						expected.stream().map(Document::getId).toList());
				assertThat(swapped).extracting(Document::getScore).containsExactlyElementsOf(
						expected.stream().map(Document::getScore).toList());
				assertThat(swapped).extracting(Document::getText).containsExactlyElementsOf(
						expected.stream().map(Document::getText).toList());
				assertThat(swapped.get(0).getMetadata()).containsEntry("position", expected.get(0).getMetadata()
					.get("position"));
			}
		}
		ActiveModelFile record = ActiveModelFile.read(this.configured).orElseThrow();
		assertThat(record.model()).isEqualTo("new-checkpoint");
		assertThat(record.index()).isEqualTo(result.index());
		assertThat(record.fingerprint()).isEqualTo("new-model");
		assertThat(record.replaces("old-checkpoint", this.configured)).isTrue();
		assertThat(record.replaces("another-model", this.configured)).isFalse();
	}

	@Test
	void searchesDuringTheReencodeUseTheOldModelAndWritesAreKept() throws Exception {
		CountDownLatch reencoding = new CountDownLatch(1);
		CountDownLatch proceed = new CountDownLatch(1);
		// the new model's second document batch waits until the test lets it go on
		BatchRecordingEncoder next = new BatchRecordingEncoder(new WordHashEncoder(48, "new-model"), Integer.MAX_VALUE,
				(batch) -> {
					if (batch == 2) {
						reencoding.countDown();
						awaitQuietly(proceed);
					}
				});
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread swapping = new Thread(() -> {
			try {
				swap().swap("new-checkpoint", next, TrainingProgress.none());
			}
			catch (Throwable ex) {
				failure.set(ex);
			}
		});
		swapping.start();
		assertThat(reencoding.await(30, TimeUnit.SECONDS)).isTrue();
		// the swap is re-encoding: the old model serves
		List<Document> during = this.vectorStore.similaritySearch(request("violin concert"));
		assertThat(during).isNotEmpty();
		assertThat(this.store.modelFingerprint()).isEqualTo("old-model");
		assertThat(this.encoder.info().fingerprint()).isEqualTo("old-model");
		this.vectorStore.add(List.of(new Document("late", "castle knight castle", Map.of("position", 100))));
		this.vectorStore.delete(List.of("doc-3"));
		assertThat(ids(this.vectorStore.similaritySearch(request("castle knight")))).contains("late");
		proceed.countDown();
		swapping.join(TimeUnit.SECONDS.toMillis(60));
		assertThat(failure.get()).isNull();
		assertThat(this.store.modelFingerprint()).isEqualTo("new-model");
		assertThat(this.store.index().documentIds()).hasSize(60).contains("late").doesNotContain("doc-3");
		Document late = this.vectorStore.similaritySearch(request("castle knight"))
			.stream()
			.filter((document) -> document.getId().equals("late"))
			.findFirst()
			.orElseThrow();
		assertThat(late.getText()).isEqualTo("castle knight castle");
		assertThat(late.getMetadata()).containsEntry("position", 100);
	}

	@Test
	void theLexicalIndexFollowsTheSwapWithTheWritesMadeDuringIt() throws Exception {
		this.store.close();
		this.store = TestStores.embeddedWithLexical(this.configured, this.encoder);
		this.vectorStore = ColbertVectorStore.builder(this.encoder, this.store).batchSize(4).build();
		CountDownLatch reencoding = new CountDownLatch(1);
		CountDownLatch proceed = new CountDownLatch(1);
		BatchRecordingEncoder next = new BatchRecordingEncoder(new WordHashEncoder(48, "new-model"), Integer.MAX_VALUE,
				(batch) -> {
					if (batch == 2) {
						reencoding.countDown();
						awaitQuietly(proceed);
					}
				});
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread swapping = new Thread(() -> {
			try {
				swap().swap("new-checkpoint", next, TrainingProgress.none());
			}
			catch (Throwable ex) {
				failure.set(ex);
			}
		});
		swapping.start();
		assertThat(reencoding.await(30, TimeUnit.SECONDS)).isTrue();
		this.vectorStore.add(List.of(new Document("late", "castle knight castle", Map.of("position", 100))));
		this.vectorStore.delete(List.of("doc-3"));
		proceed.countDown();
		swapping.join(TimeUnit.SECONDS.toMillis(60));
		assertThat(failure.get()).isNull();
		assertThat(this.store.index().directory().toAbsolutePath()).isNotEqualTo(this.configured.toAbsolutePath());
		var lexical = this.store.lexicalIndex().orElseThrow();
		assertThat(lexical.path()).startsWith(this.store.index().directory());
		assertThat(lexical.contentHashes().keySet()).containsExactlyInAnyOrderElementsOf(this.store.index().documentIds())
			.contains("late")
			.doesNotContain("doc-3");
		assertThat(lexical.generation()).isEqualTo(this.store.index().stats().generation());
	}

	@Test
	void failureDuringTheReencodeLeavesTheOldModelServing() {
		BatchRecordingEncoder next = new BatchRecordingEncoder(new WordHashEncoder(48, "new-model"), 4);
		List<Document> before = this.vectorStore.similaritySearch(request("apple harvest"));
		assertThatIllegalStateException().isThrownBy(() -> swap().swap("broken", next, TrainingProgress.none()))
			.withMessageContaining("encoder failure in batch 5");
		assertThat(next.isClosed()).isTrue();
		assertThat(this.encoder.info().fingerprint()).isEqualTo("old-model");
		assertThat(this.store.modelFingerprint()).isEqualTo("old-model");
		assertThat(this.vectorStore.similaritySearch(request("apple harvest"))).extracting(Document::getId)
			.containsExactlyElementsOf(ids(before));
		assertThat(ActiveModelFile.read(this.configured)).isEmpty();
		try (var entries = Files.list(this.directory)) {
			assertThat(entries.map((path) -> path.getFileName().toString()).toList()).containsExactly("index");
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		// writes after the failed swap are not journaled any more: a second swap works
		this.vectorStore.add(documents(60, 62));
		ModelSwap.Result result = swap().swap("new-checkpoint", new WordHashEncoder(48, "new-model"),
				TrainingProgress.none());
		assertThat(result.documents()).isEqualTo(62);
		assertThat(result.replayedWrites()).isZero();
	}

	@Test
	void cancellationStopsTheReencodeAndASecondSwapDeletesTheFirstSwapsIndex() {
		AtomicInteger checks = new AtomicInteger();
		TrainingProgress cancelling = TrainingProgress.cancelledWhen(() -> checks.incrementAndGet() > 3);
		assertThatExceptionOfType(CancellationException.class)
			.isThrownBy(() -> swap().swap("new-checkpoint", new WordHashEncoder(48, "new-model"), cancelling));
		assertThat(this.encoder.info().fingerprint()).isEqualTo("old-model");
		ModelSwap.Result first = swap().swap("first", new WordHashEncoder(48, "first-model"), TrainingProgress.none());
		ModelSwap.Result second = swap().swap("second", new WordHashEncoder(40, "second-model"),
				TrainingProgress.none());
		assertThat(second.previousIndex()).isEqualTo(first.index());
		assertThat(second.previousIndexDeleted()).isTrue();
		assertThat(first.index()).doesNotExist();
		assertThat(ActiveModelFile.read(this.configured).orElseThrow().model()).isEqualTo("second");
		assertThat(this.vectorStore.similaritySearch(request("apple orchard"))).isNotEmpty();
	}

	private ModelSwap swap() {
		return new ModelSwap(this.encoder, this.store, "old-checkpoint", this.configured, 4, 1000);
	}

	private static SearchRequest request(String query) {
		return SearchRequest.builder().query(query).topK(5).build();
	}

	private static List<String> ids(List<Document> documents) {
		return documents.stream().map(Document::getId).toList();
	}

	private static List<Document> documents(int from, int to) {
		List<Document> documents = new ArrayList<>();
		for (int i = from; i < to; i++) {
			String text = WORDS[i % WORDS.length] + " " + WORDS[(i * 7 + 3) % WORDS.length] + " "
					+ WORDS[(i * 5 + 11) % WORDS.length] + " " + WORDS[(i * 3 + 1) % WORDS.length];
			documents.add(new Document("doc-" + i, text, Map.of("position", i, "even", i % 2 == 0)));
		}
		return documents;
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
