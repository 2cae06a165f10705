import java.io.*;
import java.nio.file.*;
import java.util.*;
import dev.colbert.encoder.*;

/**
 * Encodes queries (one per line of a file) with a model and writes the vectors for projection_lab.py: query count, dim,
 * then per query its token count and count x dim floats (big-endian). Run with the colbert-eval classpath:
 * java -cp "colbert-eval/target/classes:$(cat colbert-eval/target/classpath.txt)" DumpQueries.java MODEL QUERIES.txt OUT MAXLEN
 */
public class DumpQueries {
	public static void main(String[] args) throws Exception {
		List<String> queries = Files.readAllLines(Path.of(args[1]));
		EncoderOptions options = EncoderOptions.builder().intraOpThreads(1).queryMaxLength(Integer.parseInt(args[3])).build();
		try (ColbertEncoder encoder = ColbertEncoders.load(args[0], options);
				DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(Path.of(args[2]))))) {
			out.writeInt(queries.size());
			boolean first = true;
			for (String q : queries) {
				TokenVectors v = encoder.encodeQuery(q);
				if (first) { out.writeInt(v.dim()); first = false; }
				out.writeInt(v.count());
				for (float f : v.data()) out.writeFloat(f);
			}
		}
	}
}
