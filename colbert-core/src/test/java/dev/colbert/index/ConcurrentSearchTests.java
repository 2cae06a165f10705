package dev.colbert.index;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.search.SearchParams;
import dev.colbert.testing.SyntheticCorpus;

import static org.assertj.core.api.Assertions.assertThat;

/** Searches run while a writer adds, deletes, commits and compacts; every search sees a consistent commit. */
class ConcurrentSearchTests {

	@TempDir
	Path dir;

	@Test
	void searchesSeeConsistentSnapshotsWhileTheWriterCommits() throws Exception {
		SyntheticCorpus corpus = SyntheticCorpus.generate(31, 900, 10, 30, 128);
		List<IndexDocument> documents = corpus.documents();
		List<TokenVectors> queries = corpus.queries(40, 32);
		Set<String> everCommitted = ConcurrentHashMap.newKeySet();
		Set<String> deletedAndCommitted = ConcurrentHashMap.newKeySet();
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		AtomicBoolean writing = new AtomicBoolean(true);
		AtomicInteger searches = new AtomicInteger();
		IndexSettings settings = IndexSettings.builder().centroids(256).mergeFactor(4).build();
		try (ColbertIndex index = ColbertIndex.open(this.dir, settings, ColbertIndexTests.MODEL, 128)) {
			index.add(documents.subList(0, 300));
			index.commit();
			documents.subList(0, 300).forEach((d) -> everCommitted.add(d.id()));
			CountDownLatch started = new CountDownLatch(2);
			List<Thread> searchers = new ArrayList<>();
			for (int t = 0; t < 2; t++) {
				int seed = t;
				Thread searcher = new Thread(() -> {
					Random random = new Random(seed);
					started.countDown();
					try {
						while (writing.get()) {
							Set<String> deletedBefore = Set.copyOf(deletedAndCommitted);
							TokenVectors query = queries.get(random.nextInt(queries.size()));
							SearchParams params = random.nextBoolean() ? SearchParams.forK(10)
									: SearchParams.exhaustive(10);
							List<SearchHit> hits = index.search(query, params);
							assertThat(hits).isNotEmpty();
							for (int i = 0; i < hits.size(); i++) {
								SearchHit hit = hits.get(i);
								assertThat(everCommitted).contains(hit.id());
								assertThat(deletedBefore).doesNotContain(hit.id());
								assertThat(hit.text()).isEqualTo("text of " + hit.id());
								if (i > 0) {
									assertThat(hit.maxSim()).isLessThanOrEqualTo(hits.get(i - 1).maxSim());
								}
							}
							index.stats();
							searches.incrementAndGet();
						}
					}
					catch (Throwable ex) {
						failures.add(ex);
					}
				});
				searcher.start();
				searchers.add(searcher);
			}
			started.await();
			Random random = new Random(7);
			List<String> live = new ArrayList<>(documents.subList(0, 300).stream().map(IndexDocument::id).toList());
			for (int batch = 0; batch < 12; batch++) {
				List<IndexDocument> adds = documents.subList(300 + batch * 50, 350 + batch * 50);
				index.add(adds);
				List<String> deletes = new ArrayList<>();
				for (int i = 0; i < 15; i++) {
					deletes.add(live.remove(random.nextInt(live.size())));
				}
				index.delete(deletes);
				adds.forEach((d) -> everCommitted.add(d.id()));
				if (batch == 6) {
					index.compact();
				}
				else {
					index.commit();
				}
				deletedAndCommitted.addAll(deletes);
				adds.forEach((d) -> live.add(d.id()));
			}
			writing.set(false);
			for (Thread searcher : searchers) {
				searcher.join();
			}
			assertThat(failures).isEmpty();
			assertThat(searches.get()).isGreaterThan(10);
			assertThat(index.stats().documents()).isEqualTo(live.size());
		}
	}

}
