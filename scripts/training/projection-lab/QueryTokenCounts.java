import java.io.*;
import java.nio.file.*;
import java.util.*;
import java.util.zip.*;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

/**
 * Writes "qid TAB n" per query of a BEIR queries.jsonl, n being the teacher's query vector count (its tokens with
 * [CLS] and [SEP], truncated at MAXLEN): the fused teacher's per-token scale (teacher_fusion.py multiplies the dense
 * scores by it).
 *   java -cp CLASSPATH QueryTokenCounts.java MODEL_JAR TOKENIZER_ENTRY queries.jsonl MAXLEN OUT
 */
public class QueryTokenCounts {
	public static void main(String[] args) throws Exception {
		Path tokenizerFile = Files.createTempFile("tokenizer", ".json");
		try (ZipFile jar = new ZipFile(args[0])) {
			Files.copy(jar.getInputStream(jar.getEntry(args[1])), tokenizerFile, StandardCopyOption.REPLACE_EXISTING);
		}
		int maxLength = Integer.parseInt(args[3]);
		try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder().optTokenizerPath(tokenizerFile)
				.optAddSpecialTokens(true).optTruncation(true).optMaxLength(maxLength).optPadding(false).build();
				BufferedReader in = Files.newBufferedReader(Path.of(args[2]));
				PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[4])))) {
			for (String line; (line = in.readLine()) != null;) {
				if (line.isBlank()) continue;
				var query = com.google.gson.JsonParser.parseString(line).getAsJsonObject();
				int tokens = tokenizer.encode(query.get("text").getAsString()).getIds().length;
				out.println(query.get("_id").getAsString() + "\t" + tokens);
			}
		}
		Files.deleteIfExists(tokenizerFile);
	}
}
