package dev.colbert.index;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.colbert.testing.SyntheticCorpus;


/**
 * Child process of {@link CrashRecoveryTests}: adds, deletes and commits in a loop, reporting on stdout (lines starting
 * with {@code @@}) what it is about to commit and what each completed commit contains, until it is killed.
 */
public final class CrashingWriter {

	private CrashingWriter() {
	}

	/** Documents of one batch, derived from the round and batch numbers only. */
	static List<IndexDocument> batch(int round, int batch) {
		SyntheticCorpus corpus = SyntheticCorpus.generate(1, 1000L * round + batch, 200, 10, 30, 128);
		List<IndexDocument> documents = new ArrayList<>();
		for (IndexDocument d : corpus.documents()) {
			String id = "r" + round + "-b" + batch + "-" + d.id();
			documents.add(new IndexDocument(id, "text of " + id, d.metadata(), d.vectors()));
		}
		return documents;
	}

	public static void main(String[] args) {
		Path directory = Path.of(args[0]);
		int round = Integer.parseInt(args[1]);
		IndexSettings settings = IndexSettings.builder().centroids(256).mergeFactor(3).build();
		try (ColbertIndex index = ColbertIndex.open(directory, settings, CrashRecoveryTests.MODEL, 128)) {
			System.out.println("@@OPEN " + index.stats().generation());
			for (int batch = 0; batch < 1000; batch++) {
				List<IndexDocument> documents = batch(round, batch);
				index.add(documents);
				// delete a tenth of the previous batch of this round
				List<String> deletes = new ArrayList<>();
				if (batch > 0) {
					for (int i = 0; i < 200; i += 10) {
						deletes.add("r" + round + "-b" + (batch - 1) + "-doc-" + i);
					}
					index.delete(deletes);
				}
				System.out.println("@@COMMITTING " + batch);
				System.out.flush();
				long start = System.nanoTime();
				long generation = index.commit();
				long millis = (System.nanoTime() - start) / 1_000_000;
				System.out.println("@@COMMITTED " + batch + " " + generation + " " + millis);
				System.out.flush();
			}
		}
	}

}
