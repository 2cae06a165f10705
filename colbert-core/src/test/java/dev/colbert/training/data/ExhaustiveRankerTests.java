package dev.colbert.training.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.TestModels;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.encoder.inference.EngineSupport;
import dev.colbert.testing.ReferenceMaxSim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ExhaustiveRankerTests {

	private static final Map<String, String> COLLECTION = new LinkedHashMap<>();

	static {
		COLLECTION.put("apple", "the apple orchard had a great harvest this autumn");
		COLLECTION.put("stock", "the stock market fell sharply on monday morning");
		COLLECTION.put("violin", "the orchestra played a violin concert in vienna");
		COLLECTION.put("football", "the football team won the league title");
		COLLECTION.put("rain", "heavy rain flooded the valley roads overnight");
		COLLECTION.put("bread", "fresh bread from the village bakery every morning");
	}

	@TempDir
	Path directory;

	@Test
	void ranksByExactMaxSimWhetherItEncodesTheCollectionOrIsGivenItsVectors() throws Exception {
		Path checkpoint = TestModels.writeCheckpoint(this.directory.resolve("model"), TestModels.colbertSettings(8), 7);
		try (ColbertEncoder encoder = ColbertEncoders.load(checkpoint.toString(),
				EncoderOptions.builder().intraOpThreads(1).batchSize(4).build())) {
			List<String> ids = new ArrayList<>(COLLECTION.keySet());
			List<TokenVectors> documents = encoder.encodeDocuments(new ArrayList<>(COLLECTION.values()));
			try (ExhaustiveRanker encoding = new ExhaustiveRanker(encoder, COLLECTION, cpuManager());
					ExhaustiveRanker given = ExhaustiveRanker.ofEncoded(encoder, ids, documents, cpuManager())) {
				for (String query : List.of("apple harvest", "market on monday", "violin in vienna", "morning")) {
					TokenVectors q = encoder.encodeQuery(query);
					List<String> expected = new ArrayList<>(ids);
					expected.sort(Comparator
						.comparingDouble((String id) -> -ReferenceMaxSim.maxSim(q, documents.get(ids.indexOf(id)))));
					assertThat(encoding.rank(query, 4)).as(query).isEqualTo(expected.subList(0, 4));
					assertThat(given.rank(query, 4)).as(query).isEqualTo(expected.subList(0, 4));
				}
			}
		}
	}

	@Test
	void refusesVectorsThatDoNotFitTheModel() throws Exception {
		Path checkpoint = TestModels.writeCheckpoint(this.directory.resolve("model"), TestModels.colbertSettings(8), 7);
		try (ColbertEncoder encoder = ColbertEncoders.load(checkpoint.toString(),
				EncoderOptions.builder().intraOpThreads(1).build())) {
			TokenVectors wrongDim = TokenVectors.of(new float[12], 2, 6);
			assertThatIllegalArgumentException()
				.isThrownBy(() -> ExhaustiveRanker.ofEncoded(encoder, List.of("a"), List.of(wrongDim), cpuManager()))
				.withMessageContaining("document a has dimension 6, the model 8");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> ExhaustiveRanker.ofEncoded(encoder, List.of("a", "b"), List.of(wrongDim), cpuManager()))
				.withMessageContaining("2 ids for 1 encoded documents");
		}
	}

	private static NDManager cpuManager() {
		return EngineSupport.newManager(Device.cpu());
	}

}
