package dev.colbert.reliability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.colbert.index.IndexDocument;
import dev.colbert.index.IndexSettings;
import dev.colbert.testing.ClusteredTokenGenerator;

/**
 * The deterministic write workload of the crash harness, known to both the child that runs it ({@link CrashingIngester})
 * and the test that checks what survived ({@link CrashSafetyTests}). Step {@code s} stages adds (new documents and
 * replacements of older ones), then deletes, then ends with a commit, a compaction or a re-clustering. The content of
 * every document follows from its id and the step that wrote it, so the expected state after any step is a pure
 * function of the seed.
 */
final class CrashWorkload {

	static final String MODEL = "reliability-crash-model";

	static final int DIM = 32;

	private static final ClusteredTokenGenerator VECTORS = new ClusteredTokenGenerator(7, DIM, 6, 24);

	/** What a step does, in this order; the last phase is one of COMMIT, COMPACT, RECLUSTER. */
	enum Phase {

		ADD, DELETE, COMMIT, COMPACT, RECLUSTER

	}

	/** One step: ids added (written with version = step), ids deleted, and how the step ends. */
	record Step(int number, List<String> adds, List<String> deletes, Phase end) {
	}

	/** How steps end, in turn: every kind of durable write comes round within five steps. */
	private static final Phase[] END_PHASES = { Phase.COMMIT, Phase.COMPACT, Phase.COMMIT, Phase.RECLUSTER,
			Phase.COMMIT };

	private final long seed;

	CrashWorkload(long seed) {
		this.seed = seed;
	}

	static IndexSettings settings() {
		return IndexSettings.builder().centroids(64).mergeFactor(4).kmeansIterations(4).build();
	}

	Step step(int s) {
		Random random = new Random(this.seed * 1_000_003L + s);
		List<String> adds = new ArrayList<>();
		int fresh = 10 + random.nextInt(31);
		for (int j = 0; j < fresh; j++) {
			adds.add(id(s, j));
		}
		if (s >= 2) {
			for (int i = 0; i < 3; i++) {
				String replaced = id(s - 2, random.nextInt(20));
				if (!adds.contains(replaced)) {
					adds.add(replaced);
				}
			}
		}
		List<String> deletes = new ArrayList<>();
		if (s >= 1) {
			for (int i = 0; i < 8; i++) {
				deletes.add(id(s - 1 - random.nextInt(Math.min(s, 5)), random.nextInt(20)));
			}
		}
		return new Step(s, adds, deletes, END_PHASES[s % END_PHASES.length]);
	}

	static String id(int step, int j) {
		return "s" + step + "-d" + j;
	}

	/** The document {@code id} as written by step {@code version}. */
	static IndexDocument document(String id, int version) {
		long docSeed = id.hashCode() * 31L + version;
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("version", version);
		metadata.put("group", Math.floorMod(id.hashCode(), 5));
		metadata.put("tags", List.of("t" + (version % 3), "crash"));
		return new IndexDocument(id, "text of " + id + " version " + version, metadata,
				VECTORS.document(docSeed));
	}

	/** Id to version of the documents live after applying steps {@code 0..lastStep} (empty for -1). */
	Map<String, Integer> stateAfter(int lastStep) {
		Map<String, Integer> state = new LinkedHashMap<>();
		for (int s = 0; s <= lastStep; s++) {
			apply(state, step(s));
		}
		return state;
	}

	static void apply(Map<String, Integer> state, Step step) {
		for (String id : step.adds()) {
			state.put(id, step.number());
		}
		for (String id : step.deletes()) {
			state.remove(id);
		}
	}

	/** The first step at or after {@code from} that ends with {@code phase} (ADD and DELETE: {@code from} itself). */
	int nextStepEndingWith(int from, Phase phase) {
		if (phase == Phase.ADD || phase == Phase.DELETE) {
			return from;
		}
		for (int s = from;; s++) {
			if (step(s).end() == phase) {
				return s;
			}
		}
	}

}
