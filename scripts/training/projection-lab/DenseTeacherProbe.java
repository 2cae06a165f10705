import java.io.*;
import java.nio.file.*;
import java.util.*;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.*;

/**
 * Encodes a BEIR collection's queries and passages with a single-vector ONNX model (mean pooling of the last hidden
 * state over the attention mask, L2-normalized; e5-small-v2's "query: " / "passage: " prefixes), for teacher_fusion.py:
 * writes OUT.queries and OUT.passages as: count, dim, then per item its UTF id and dim floats (big-endian).
 * Run with the colbert-benchmarks classpath (ONNX Runtime, DJL tokenizers):
 * java -cp "$(cat colbert-benchmarks/target/classpath.txt)" DenseTeacherProbe.java MODEL.onnx TOKENIZER.json BEIR_DIR OUT
 */
public class DenseTeacherProbe {

	public static void main(String[] args) throws Exception {
		Path beir = Path.of(args[2]);
		try (OrtEnvironment env = OrtEnvironment.getEnvironment();
				OrtSession session = env.createSession(args[0], new OrtSession.SessionOptions());
				HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder().optTokenizerPath(Path.of(args[1]))
					.optMaxLength(512).optTruncation(true).optPadding(false).build()) {
			write(env, session, tokenizer, read(beir.resolve("queries.jsonl"), "query: "), Path.of(args[3] + ".queries"));
			write(env, session, tokenizer, read(beir.resolve("corpus.jsonl"), "passage: "), Path.of(args[3] + ".passages"));
		}
	}

	private static LinkedHashMap<String, String> read(Path jsonl, String prefix) throws IOException {
		LinkedHashMap<String, String> items = new LinkedHashMap<>();
		for (String line : Files.readAllLines(jsonl)) {
			var node = com.google.gson.JsonParser.parseString(line).getAsJsonObject();
			String title = node.has("title") ? node.get("title").getAsString() : "";
			items.put(node.get("_id").getAsString(), prefix + (title.isEmpty() ? "" : title + " ")
					+ node.get("text").getAsString());
		}
		return items;
	}

	private static void write(OrtEnvironment env, OrtSession session, HuggingFaceTokenizer tokenizer,
			LinkedHashMap<String, String> items, Path out) throws Exception {
		long started = System.nanoTime();
		try (DataOutputStream data = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(out)))) {
			data.writeInt(items.size());
			boolean first = true;
			int done = 0;
			for (var item : items.entrySet()) {
				Encoding encoding = tokenizer.encode(item.getValue());
				long[] ids = encoding.getIds();
				long[] mask = encoding.getAttentionMask();
				long[] types = encoding.getTypeIds();
				Map<String, OnnxTensor> inputs = new HashMap<>();
				inputs.put("input_ids", OnnxTensor.createTensor(env, new long[][] { ids }));
				inputs.put("attention_mask", OnnxTensor.createTensor(env, new long[][] { mask }));
				if (session.getInputNames().contains("token_type_ids")) {
					inputs.put("token_type_ids", OnnxTensor.createTensor(env, new long[][] { types }));
				}
				try (OrtSession.Result result = session.run(inputs)) {
					float[][] hidden = ((float[][][]) result.get(0).getValue())[0];
					int dim = hidden[0].length;
					float[] mean = new float[dim];
					for (int t = 0; t < hidden.length; t++) {
						for (int d = 0; d < dim; d++) {
							mean[d] += hidden[t][d];
						}
					}
					double norm = 0;
					for (float v : mean) {
						norm += (double) v * v;
					}
					if (first) {
						data.writeInt(dim);
						first = false;
					}
					data.writeUTF(item.getKey());
					for (float v : mean) {
						data.writeFloat((float) (v / Math.sqrt(norm)));
					}
				}
				inputs.values().forEach(OnnxTensor::close);
				if (++done % 200 == 0) {
					double seconds = (System.nanoTime() - started) / 1e9;
					System.out.printf("%s: %d/%d (%.1f per s)%n", out.getFileName(), done, items.size(), done / seconds);
				}
			}
		}
	}

}
