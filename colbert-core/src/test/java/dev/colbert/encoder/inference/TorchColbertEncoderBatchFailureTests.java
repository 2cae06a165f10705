package dev.colbert.encoder.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import dev.colbert.encoder.EncoderInfo;
import dev.colbert.encoder.TestModels;
import dev.colbert.encoder.model.BertActivation;
import dev.colbert.encoder.model.BertConfig;
import dev.colbert.encoder.model.ColbertModel;
import dev.colbert.encoder.model.ColbertSettings;
import dev.colbert.encoder.tokenize.ColbertTokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A call whose first batch fails must not return (and so release the encoder to {@link TorchColbertEncoder#close()})
 * while its other batches still run a forward pass (issue 15, item 5): close() would free the weights under them.
 */
class TorchColbertEncoderBatchFailureTests {

	private static final int DIM = 32;

	@Test
	void aFailedBatchReturnsOnlyOnceNoOtherBatchOfTheCallRuns() {
		// 64 positions but doc_maxlen 200: the longest document fails its batch (the first, batches go longest first)
		// before any work, while the other batches run a forward pass of 8 x ~60 tokens through 4 layers of 256.
		BertConfig config = new BertConfig("slow-random-bert", 30522, 256, 4, 4, 1024, 64, 2, 1e-12,
				BertActivation.GELU, 0.1, 0.1);
		ColbertSettings settings = new ColbertSettings(32, 200, "[unused0]", "[unused1]", true, true, false, true,
				DIM);
		NDManager manager = NDManager.newBaseManager("PyTorch");
		ColbertModel model = TestModels.tinyModel(manager, config, DIM, 5);
		ColbertTokenizer tokenizer = ColbertTokenizer.create(TestModels.tokenizerJson(), "tokenizer.json", settings);
		EncoderInfo info = new EncoderInfo("test:slow", "slow-random-bert", 256, 4, DIM, 32, 200, true, false, true,
				"slow", true, 8, "cpu");
		TorchColbertEncoder encoder = new TorchColbertEncoder(model, tokenizer, info, 3, 1);
		List<String> documents = new ArrayList<>();
		documents.add("a document far too long for the model's sixty-four positions ".repeat(12));
		for (int i = 0; i < 31; i++) {
			documents.add("document " + i + " about late interaction and residual compression ".repeat(5));
		}
		try {
			for (int round = 0; round < 3; round++) {
				assertThatIllegalArgumentException().isThrownBy(() -> encoder.encodeDocuments(documents))
					.withMessageContaining("max_position_embeddings");
				assertThat(threadsInAForwardPass()).as("round %d: encoder threads still in a forward pass when the "
						+ "failed call returned", round).isEmpty();
			}
		}
		finally {
			encoder.close();
		}
		assertThat(threadsInAForwardPass()).as("encoder threads in a forward pass after close()").isEmpty();
	}

	/** Names of the encoder's worker threads that are inside {@code runBatch} now. */
	private static List<String> threadsInAForwardPass() {
		List<String> running = new ArrayList<>();
		for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
			if (!thread.getKey().getName().startsWith("colbert-encoder-")) {
				continue;
			}
			for (StackTraceElement frame : thread.getValue()) {
				if (frame.getClassName().equals(TorchColbertEncoder.class.getName())
						&& frame.getMethodName().equals("runBatch")) {
					running.add(thread.getKey().getName());
					break;
				}
			}
		}
		return running;
	}

}
