package dev.colbert.reliability;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.colbert.index.ColbertIndex;
import dev.colbert.index.IndexDocument;
import dev.colbert.reliability.CrashWorkload.Phase;
import dev.colbert.reliability.CrashWorkload.Step;

/**
 * Child process of {@link CrashSafetyTests}: runs the {@link CrashWorkload} from a given step until it is killed,
 * printing {@code @@BEGIN <step> <phase>} before and {@code @@END <step> <phase> <millis>} after every phase; the END of
 * the last phase (commit, compaction or re-clustering) is the acknowledgement that the step is durable.
 * Arguments: index directory, first step, workload seed.
 */
public final class CrashingIngester {

	private CrashingIngester() {
	}

	public static void main(String[] args) {
		Path directory = Path.of(args[0]);
		int first = Integer.parseInt(args[1]);
		CrashWorkload workload = new CrashWorkload(Long.parseLong(args[2]));
		try (ColbertIndex index = ColbertIndex.open(directory, CrashWorkload.settings(), CrashWorkload.MODEL,
				CrashWorkload.DIM)) {
			say("@@OPEN " + index.stats().generation());
			for (int s = first;; s++) {
				Step step = workload.step(s);
				List<IndexDocument> documents = new ArrayList<>();
				for (String id : step.adds()) {
					documents.add(CrashWorkload.document(id, s));
				}
				long start = begin(s, Phase.ADD);
				index.add(documents);
				end(s, Phase.ADD, start);
				start = begin(s, Phase.DELETE);
				index.delete(step.deletes());
				end(s, Phase.DELETE, start);
				start = begin(s, step.end());
				switch (step.end()) {
					case COMMIT -> index.commit();
					case COMPACT -> index.compact();
					case RECLUSTER -> index.recluster();
					default -> throw new IllegalStateException(step.end().name());
				}
				end(s, step.end(), start);
			}
		}
	}

	private static long begin(int step, Phase phase) {
		say("@@BEGIN " + step + " " + phase);
		return System.nanoTime();
	}

	private static void end(int step, Phase phase, long start) {
		say("@@END " + step + " " + phase + " " + (System.nanoTime() - start) / 1_000_000);
	}

	private static void say(String line) {
		System.out.println(line);
		System.out.flush();
	}

}
