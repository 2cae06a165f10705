package dev.colbert.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.Device;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.inference.EngineSupport;
import dev.colbert.eval.EncodedCorpusCache.EncodedCorpus;
import dev.colbert.training.TrainingExample;
import dev.colbert.training.data.BeirSource;
import dev.colbert.training.data.ExhaustiveRanker;
import dev.colbert.training.data.MiningContext;
import dev.colbert.training.data.TextFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@code colbert-train --mining-vectors}: mining with the evaluation cache gives the same examples as mining that
 * encodes the collection, and a cache that does not match the corpus is refused.
 */
class CachedVectorMiningSourceTests {

	private static final String MODEL = "embedded:bge-small-en-v1.5";

	private static final EncoderOptions OPTIONS = EncoderOptions.builder().intraOpThreads(1).batchSize(8).build();

	private static ColbertEncoder encoder;

	@TempDir
	Path directory;

	@BeforeAll
	static void loadModel() {
		encoder = ColbertEncoders.load(MODEL, OPTIONS);
	}

	@AfterAll
	static void closeModel() {
		encoder.close();
	}

	@Test
	void minesTheSameExamplesAsEncodingTheCollection() throws IOException {
		Path beir = writeBeir(this.directory.resolve("beir"));
		Path cacheDirectory = this.directory.resolve("cache");
		writeCache(beir, cacheDirectory);
		BeirSource source = new BeirSource(beir, "train");
		List<TrainingExample> encoding = source.load(new MiningContext(
				(collection) -> new ExhaustiveRanker(encoder, collection, EngineSupport.newManager(Device.cpu())), 3, 4,
				42, () -> false));
		List<TrainingExample> cached;
		try (CachedVectorMiningSource cachedSource = CachedVectorMiningSource.open(source, MODEL, OPTIONS,
				cacheDirectory)) {
			// the context's own rankers (the model being trained) must not be used
			cached = cachedSource.load(new MiningContext((collection) -> {
				throw new AssertionError("encoded the collection");
			}, 3, 4, 42, () -> false));
			assertThat(cachedSource.describe()).contains("cached document vectors");
		}
		assertThat(summaries(cached)).isEqualTo(summaries(encoding)).hasSize(2);
		assertThat(cached.get(0).negatives()).extracting(TrainingExample.Passage::id).doesNotContain("d1");
	}

	@Test
	void refusesACacheOfAnotherCorpus() throws IOException {
		Path beir = writeBeir(this.directory.resolve("beir"));
		Path cacheDirectory = this.directory.resolve("cache");
		writeCache(beir, cacheDirectory);
		Files.writeString(beir.resolve("corpus.jsonl"), "{\"_id\": \"d9\", \"title\": \"\", \"text\": \"changed\"}\n",
				StandardOpenOption.APPEND);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CachedVectorMiningSource.open(new BeirSource(beir, "train"), MODEL, OPTIONS, cacheDirectory))
			.withMessageContaining("no complete vector cache")
			.withMessageContaining("run bin/colbert-eval --model " + MODEL);
	}

	private static List<String> summaries(List<TrainingExample> examples) {
		List<String> summaries = new ArrayList<>();
		for (TrainingExample example : examples) {
			summaries.add(example.queryId() + " " + example.positive().id() + " "
					+ example.negatives().stream().map(TrainingExample.Passage::id).toList());
		}
		return summaries;
	}

	private static void writeCache(Path beir, Path cacheDirectory) {
		Path corpusFile = beir.resolve("corpus.jsonl");
		Map<String, String> collection = TextFiles.readCollection(corpusFile);
		List<String> ids = new ArrayList<>(collection.keySet());
		EncodedCorpus corpus = new EncodedCorpus(ids, encoder.encodeDocuments(new ArrayList<>(collection.values())), 1);
		new EncodedCorpusCache(cacheDirectory, encoder.info().fingerprint(), corpusFile).write(corpus);
	}

	private static Path writeBeir(Path folder) throws IOException {
		Files.createDirectories(folder.resolve("qrels"));
		String[] texts = { "The apple orchard had a great harvest this autumn.",
				"The stock market fell sharply on Monday morning.", "The orchestra played a violin concert in Vienna.",
				"The football team won the league title.", "Heavy rain flooded the valley roads overnight.",
				"Fresh bread from the village bakery every morning." };
		StringBuilder corpus = new StringBuilder();
		for (int i = 0; i < texts.length; i++) {
			corpus.append("{\"_id\": \"d").append(i + 1).append("\", \"title\": \"\", \"text\": \"").append(texts[i])
				.append("\"}\n");
		}
		Files.writeString(folder.resolve("corpus.jsonl"), corpus);
		Files.writeString(folder.resolve("queries.jsonl"), """
				{"_id": "q1", "text": "apple harvest"}
				{"_id": "q2", "text": "violin concert"}
				""");
		Files.writeString(folder.resolve("qrels").resolve("train.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td3\t1\n");
		return folder;
	}

}
