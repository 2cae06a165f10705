package dev.colbert.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.search.SearchParams;
import dev.colbert.testing.SyntheticCorpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The files a commit replaces are unmapped as soon as no search reads them any more, not when a garbage collection
 * happens to find their buffers (issue 15, item 6): commits replace and merge segments while two threads search, and
 * {@code /proc/self/maps} must never show many deleted files of the index mapped, none once the searches stopped, and
 * no file of the index at all after close; the number of open file descriptors must not grow.
 *
 * <p>{@value #DEFAULT_COMMITS} commits by default; {@code -Dcolbert.unmap.commits=10000} runs the measurement of
 * docs/RELIABILITY.md (it prints RSS, descriptors and mappings every tenth of the run).
 */
class MappedFileLifetimeTests {

	private static final int DEFAULT_COMMITS = 300;

	private static final int DIM = 64;

	private static final int POOL = 1_500;

	@TempDir
	Path dir;

	@Test
	void replacedFilesAreUnmappedOnceNoSearchReadsThem() throws Exception {
		assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "needs Linux /proc to read the mappings");
		int commits = Integer.getInteger("colbert.unmap.commits", DEFAULT_COMMITS);
		SyntheticCorpus corpus = SyntheticCorpus.generate(43, POOL, 8, 24, DIM);
		List<IndexDocument> documents = corpus.documents();
		List<TokenVectors> queries = corpus.queries(30, 16);
		IndexSettings settings = IndexSettings.builder().centroids(128).mergeFactor(4).build();
		Path index = this.dir.toRealPath();
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		AtomicBoolean writing = new AtomicBoolean(true);
		AtomicInteger searches = new AtomicInteger();
		int maxDeletedMapped = 0;
		try (ColbertIndex colbert = ColbertIndex.open(index, settings, ColbertIndexTests.MODEL, DIM)) {
			colbert.add(documents.subList(0, 300));
			colbert.commit();
			long descriptorsBefore = openDescriptors();
			List<Thread> searchers = new ArrayList<>();
			for (int t = 0; t < 2; t++) {
				Random random = new Random(t);
				Thread searcher = new Thread(() -> {
					try {
						while (writing.get()) {
							TokenVectors query = queries.get(random.nextInt(queries.size()));
							SearchParams params = random.nextBoolean() ? SearchParams.forK(10) : SearchParams.exhaustive(10);
							DocumentFilter filter = random.nextBoolean() ? null
									: (id, metadata) -> Integer.valueOf(2).equals(metadata.get("group"));
							colbert.search(query, params, filter);
							searches.incrementAndGet();
						}
					}
					catch (Throwable ex) {
						failures.add(ex);
					}
				}, "searcher-" + t);
				searcher.start();
				searchers.add(searcher);
			}
			Random random = new Random(7);
			long start = System.nanoTime();
			report("commits", "RSS MB", "descriptors", "mapped files", "deleted mapped");
			for (int commit = 1; commit <= commits; commit++) {
				List<IndexDocument> adds = new ArrayList<>();
				for (int i = 0; i < 4; i++) {
					adds.add(documents.get(random.nextInt(POOL)));
				}
				colbert.add(adds.stream().distinct().toList());
				colbert.delete(List.of(documents.get(random.nextInt(POOL)).id()));
				colbert.commit();
				if (commit % 10 == 0) {
					maxDeletedMapped = Math.max(maxDeletedMapped, mappedFiles(index, true));
				}
				if (commit % Math.max(1, commits / 10) == 0) {
					report(commit, residentMegabytes(), openDescriptors(), mappedFiles(index, false),
							mappedFiles(index, true));
				}
			}
			writing.set(false);
			for (Thread searcher : searchers) {
				searcher.join();
			}
			System.out.printf("%d commits and %d searches in %.1f s%n", commits, searches.get(),
					(System.nanoTime() - start) / 1e9);
			assertThat(failures).isEmpty();
			assertThat(searches.get()).isPositive();
			assertThat(mappedFiles(index, true)).as("deleted files of the index still mapped after the searches ended")
				.isZero();
			assertThat(maxDeletedMapped).as("most deleted files of the index mapped at once while searching")
				.isLessThanOrEqualTo(40);
			assertThat(openDescriptors()).as("open file descriptors after %d commits", commits)
				.isLessThanOrEqualTo(descriptorsBefore + 8);
		}
		assertThat(mappedFiles(index, false)).as("files of the index mapped after close").isZero();
	}

	/** Mappings of files in {@code directory} in /proc/self/maps, only of deleted files when {@code deleted}. */
	private static int mappedFiles(Path directory, boolean deleted) throws IOException {
		String prefix = directory.toString() + "/";
		int count = 0;
		for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
			int path = line.indexOf('/');
			if (path >= 0 && line.startsWith(prefix, path) && (!deleted || line.endsWith(" (deleted)"))) {
				count++;
			}
		}
		return count;
	}

	private static long openDescriptors() throws IOException {
		try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
			return descriptors.count();
		}
	}

	private static long residentMegabytes() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
			}
		}
		return -1;
	}

	private static void report(Object... values) {
		System.out.println("unmap: " + String.join(" | ", Stream.of(values).map(String::valueOf).toList()));
	}

}
