package dev.colbert.reliability;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.colbert.index.IndexDocument;
import dev.colbert.lexical.LexicalSettings;
import dev.colbert.reliability.CrashWorkload.Step;
import dev.colbert.store.embedded.EmbeddedTokenVectorStore;

/**
 * Child process of {@link HybridCrashSafetyTests}: runs the adds and deletes of the {@link CrashWorkload} through an
 * embedded store that keeps a lexical index, from a given step until it is killed. Every store call commits the
 * token-vector index and then the lexical index; {@code @@END <step> <ADD|DELETE> <millis>} after a call returned is its
 * acknowledgement. Arguments: index directory, first step, workload seed.
 */
public final class CrashingHybridIngester {

	private CrashingHybridIngester() {
	}

	public static void main(String[] args) {
		Path directory = Path.of(args[0]);
		int first = Integer.parseInt(args[1]);
		CrashWorkload workload = new CrashWorkload(Long.parseLong(args[2]));
		try (EmbeddedTokenVectorStore store = EmbeddedTokenVectorStore.open(directory, CrashWorkload.settings(),
				CrashWorkload.MODEL, CrashWorkload.DIM, LexicalSettings.defaults())) {
			say("@@OPEN " + store.index().stats().generation());
			for (int s = first;; s++) {
				Step step = workload.step(s);
				List<IndexDocument> documents = new ArrayList<>();
				for (String id : step.adds()) {
					documents.add(CrashWorkload.document(id, s));
				}
				long start = begin(s, "ADD");
				store.add(documents);
				end(s, "ADD", start);
				start = begin(s, "DELETE");
				store.delete(step.deletes());
				end(s, "DELETE", start);
			}
		}
	}

	private static long begin(int step, String phase) {
		say("@@BEGIN " + step + " " + phase);
		return System.nanoTime();
	}

	private static void end(int step, String phase, long start) {
		say("@@END " + step + " " + phase + " " + (System.nanoTime() - start) / 1_000_000);
	}

	private static void say(String line) {
		System.out.println(line);
		System.out.flush();
	}

}
