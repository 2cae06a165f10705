package dev.colbert.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.search.SearchMode;
import dev.colbert.search.SearchParams;
import dev.colbert.testing.ReferenceMaxSim;
import dev.colbert.testing.SyntheticCorpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

class ColbertIndexTests {

	static final String MODEL = "test-model-fingerprint";

	static final int DIM = 128;

	@TempDir
	Path dir;

	static IndexSettings fast() {
		return IndexSettings.builder().centroids(256).build();
	}

	static List<String> ids(List<SearchHit> hits) {
		return hits.stream().map(SearchHit::id).collect(Collectors.toList());
	}

	@Test
	void documentIdsListsCommittedLiveDocumentsInCommitOrder() {
		SyntheticCorpus corpus = SyntheticCorpus.generate(5, 40, 5, 10, DIM);
		List<IndexDocument> documents = corpus.documents();
		try (ColbertIndex index = ColbertIndex.open(this.dir, fast(), MODEL, DIM)) {
			assertThat(index.documentIds()).isEmpty();
			index.add(documents.subList(0, 30));
			index.commit();
			index.add(documents.subList(30, 40));
			index.delete(List.of(documents.get(3).id(), documents.get(35).id()));
			assertThat(index.documentIds()).as("staged changes are not listed").hasSize(30);
			index.commit();
			List<String> expected = new ArrayList<>();
			for (IndexDocument document : documents) {
				expected.add(document.id());
			}
			expected.remove(documents.get(35).id());
			expected.remove(documents.get(3).id());
			assertThat(index.documentIds()).containsExactlyElementsOf(expected);
		}
	}

	@Test
	void plaidTop10MatchesExhaustiveTop10() {
		SyntheticCorpus corpus = SyntheticCorpus.generate(21, 1500, 15, 45, DIM);
		try (ColbertIndex index = ColbertIndex.open(this.dir, IndexSettings.defaults(), MODEL, DIM)) {
			index.add(corpus.documents());
			index.commit();
			IndexStats stats = index.stats();
			assertThat(stats.centroids())
				.isEqualTo(dev.colbert.index.codec.CodecTrainer.referenceCentroidCount(stats.tokenVectors()));
			int found = 0;
			int total = 0;
			int rawOverlap = 0;
			int rawTotal = 0;
			for (TokenVectors query : corpus.queries(60, 32)) {
				List<SearchHit> plaid = index.search(query, SearchParams.forK(10));
				List<SearchHit> exact = index.search(query, SearchParams.exhaustive(10));
				assertThat(plaid).hasSize(10);
				Set<String> exactIds = new HashSet<>(ids(exact));
				found += (int) plaid.stream().filter((h) -> exactIds.contains(h.id())).count();
				total += 10;
				// the same document gets the same score from both paths
				for (SearchHit hit : plaid) {
					exact.stream().filter((h) -> h.id().equals(hit.id())).findFirst()
						.ifPresent((h) -> assertThat(h.maxSim()).isEqualTo(hit.maxSim()));
				}
				if (rawTotal >= 150) {
					continue;
				}
				// compression keeps the uncompressed top-10 (exact MaxSim on the original vectors)
				Map<String, Double> rawScores = new HashMap<>();
				for (IndexDocument document : corpus.documents()) {
					rawScores.put(document.id(), ReferenceMaxSim.maxSim(query, document.vectors()));
				}
				List<String> raw = rawScores.entrySet().stream()
					.sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
					.limit(10).map(Map.Entry::getKey).collect(Collectors.toList());
				rawOverlap += (int) raw.stream().filter(exactIds::contains).count();
				rawTotal += 10;
			}
			double recall = found / (double) total;
			assertThat(recall).as("PLAID recall@10 against exhaustive MaxSim").isGreaterThanOrEqualTo(0.99);
			assertThat(rawOverlap / (double) rawTotal).as("compressed vs float top-10 overlap").isGreaterThan(0.8);
		}
	}

	@Test
	void plaidFindsDocumentsFarFromEveryCentroid() {
		// the codec is trained on one vocabulary; later documents come from an unrelated one, so no centroid reaches
		// the 0.5 pruning threshold for their tokens
		SyntheticCorpus trainedOn = SyntheticCorpus.generate(40, 150, 10, 30, DIM);
		SyntheticCorpus unrelated = SyntheticCorpus.generate(41, 300, 10, 30, DIM);
		try (ColbertIndex index = ColbertIndex.open(this.dir, fast(), MODEL, DIM)) {
			index.add(trainedOn.documents());
			index.commit();
			List<IndexDocument> renamed = unrelated.documents().stream()
				.map((d) -> new IndexDocument("u-" + d.id(), d.text(), d.metadata(), d.vectors()))
				.collect(Collectors.toList());
			index.add(renamed);
			index.commit();
			for (int i = 0; i < 300; i += 30) {
				IndexDocument target = renamed.get(i);
				assertThat(index.search(target.vectors(), SearchParams.forK(1)).get(0).id()).isEqualTo(target.id());
			}
		}
	}

	@Test
	void scoresAreMaxSimOverDecompressedVectorsForEveryNbits() throws IOException {
		SyntheticCorpus corpus = SyntheticCorpus.generate(4, 200, 10, 30, DIM);
		for (int nbits : new int[] { 1, 2, 4 }) {
			Path indexDir = Files.createDirectory(this.dir.resolve("nbits-" + nbits));
			try (ColbertIndex index = ColbertIndex.open(indexDir,
					IndexSettings.builder().centroids(256).nbits(nbits).build(), MODEL, DIM)) {
				index.add(corpus.documents());
				index.commit();
				TokenVectors query = corpus.query(17, 32);
				List<SearchHit> hits = index.search(query, SearchParams.exhaustive(20));
				for (SearchHit hit : hits) {
					TokenVectors stored = index.vectors(hit.id()).orElseThrow();
					assertThat(hit.maxSim()).as("nbits %d, %s", nbits, hit.id())
						.isCloseTo(ReferenceMaxSim.maxSim(query, stored), within(1e-3));
					assertThat(hit.score()).isCloseTo(hit.maxSim() / 32, within(1e-6));
				}
				assertThat(hits.get(0).maxSim()).isGreaterThanOrEqualTo(hits.get(hits.size() - 1).maxSim());
				assertThat(index.search(query, SearchParams.forK(1)).get(0).id()).isEqualTo("doc-17");
			}
		}
	}

	@Test
	void reopenedIndexReturnsIdenticalResults() {
		SyntheticCorpus corpus = SyntheticCorpus.generate(8, 400, 10, 40, DIM);
		List<TokenVectors> queries = corpus.queries(15, 32);
		List<List<SearchHit>> before = new ArrayList<>();
		IndexStats statsBefore;
		try (ColbertIndex index = ColbertIndex.open(this.dir, fast(), MODEL, DIM)) {
			index.add(corpus.documents().subList(0, 250));
			index.commit();
			index.add(corpus.documents().subList(250, 400));
			index.delete(List.of("doc-3", "doc-260"));
			index.commit();
			for (TokenVectors query : queries) {
				before.add(index.search(query, SearchParams.forK(10)));
				before.add(index.search(query, SearchParams.exhaustive(10)));
			}
			statsBefore = index.stats();
		}
		try (ColbertIndex index = ColbertIndex.open(this.dir, fast(), MODEL, DIM)) {
			List<List<SearchHit>> after = new ArrayList<>();
			for (TokenVectors query : queries) {
				after.add(index.search(query, SearchParams.forK(10)));
				after.add(index.search(query, SearchParams.exhaustive(10)));
			}
			assertThat(after).isEqualTo(before);
			IndexStats stats = index.stats();
			assertThat(stats.documents()).isEqualTo(398).isEqualTo(statsBefore.documents());
			assertThat(stats.generation()).isEqualTo(statsBefore.generation());
			assertThat(stats.indexBytes()).isEqualTo(statsBefore.indexBytes());
		}
	}

	@Test
	void resultsDoNotDependOnTheNumberOfSearchThreads() {
		SyntheticCorpus corpus = SyntheticCorpus.generate(24, 700, 10, 40, DIM);
		List<TokenVectors> queries = corpus.queries(12, 32);
		DocumentFilter filter = (id, metadata) -> !Integer.valueOf(1).equals(metadata.get("group"));
		List<List<SearchHit>> expected = new ArrayList<>();
		try (ColbertIndex index = ColbertIndex.open(this.dir, IndexSettings.defaults(), MODEL, DIM)) {
			index.add(corpus.documents().subList(0, 400));
			index.commit();
			index.add(corpus.documents().subList(400, 700));
			index.delete(List.of("doc-9", "doc-444"));
			index.commit();
			for (TokenVectors query : queries) {
				expected.add(index.search(query, SearchParams.forK(10)));
				expected.add(index.search(query, SearchParams.forK(100)));
				expected.add(index.search(query, SearchParams.exhaustive(10)));
				expected.add(index.search(query, SearchParams.forK(10), filter));
			}
		}
		for (int threads : new int[] { 2, 3 }) {
			try (ColbertIndex index = ColbertIndex.open(this.dir,
					IndexSettings.builder().searchThreads(threads).build(), MODEL, DIM)) {
				List<List<SearchHit>> actual = new ArrayList<>();
				for (TokenVectors query : queries) {
					actual.add(index.search(query, SearchParams.forK(10)));
					actual.add(index.search(query, SearchParams.forK(100)));
					actual.add(index.search(query, SearchParams.exhaustive(10)));
					actual.add(index.search(query, SearchParams.forK(10), filter));
				}
				assertThat(actual).as("%d search threads", threads).isEqualTo(expected);
			}
		}
	}

	@Test
	void deletedDocumentsNeverReturn() {
		SyntheticCorpus corpus = SyntheticCorpus.generate(12, 300, 10, 30, DIM);
		Set<String> deleted = new HashSet<>();
		try (ColbertIndex index = ColbertIndex.open(this.dir, fast(), MODEL, DIM)) {
			index.add(corpus.documents());
			index.commit();
			List<TokenVectors> queries = new ArrayList<>();
			for (int target = 0; target < 300; target += 10) {
				queries.add(corpus.query(target, 32));
			}
			// delete every query's current top hit, plus a filter-selected group
			for (TokenVectors query : queries) {
				deleted.add(index.search(query, SearchParams.forK(1)).get(0).id());
			}
			assertThat(index.delete(deleted)).isEqualTo(deleted.size());
			assertThat(index.delete(deleted)).as("deleting twice").isZero();
			assertThat(index.search(queries.get(0), SearchParams.forK(1)).get(0).id())
				.as("staged deletes are not visible yet").isIn(deleted);
			int groupDeleted = index.delete((id, metadata) -> Integer.valueOf(3).equals(metadata.get("group")));
			corpus.documents().stream().filter((d) -> Integer.valueOf(3).equals(d.metadata().get("group")))
				.forEach((d) -> deleted.add(d.id()));
			assertThat(groupDeleted).isGreaterThan(40);
			index.commit();
			assertNoneReturned(index, queries, deleted);
			assertThat(index.stats().documents()).isEqualTo(300 - deleted.size());
			assertThat(index.stats().deletedDocuments()).isEqualTo(deleted.size());
			for (String id : deleted) {
				assertThat(index.document(id)).isEmpty();
			}
		}
		try (ColbertIndex index = ColbertIndex.open(this.dir, fast(), MODEL, DIM)) {
			List<TokenVectors> queries = corpus.queries(10, 32);
			assertNoneReturned(index, queries, deleted);
			long bytesBefore = index.stats().indexBytes();
			index.compact();
			IndexStats stats = index.stats();
			assertThat(stats.deletedDocuments()).isZero();
			assertThat(stats.segments()).isEqualTo(1);
			assertThat(stats.indexBytes()).isLessThan(bytesBefore);
			assertNoneReturned(index, queries, deleted);
		}
	}

	private static void assertNoneReturned(ColbertIndex index, List<TokenVectors> queries, Set<String> deleted) {
		for (TokenVectors query : queries) {
			for (SearchParams params : List.of(SearchParams.forK(10), SearchParams.exhaustive(10),
					SearchParams.forK(100))) {
				List<SearchHit> hits = index.search(query, params);
				assertThat(hits).isNotEmpty();
				assertThat(ids(hits)).doesNotContainAnyElementsOf(deleted);
			}
		}
	}

	@Test
	void deletingEverythingLeavesAnEmptyButUsableIndex() {
		SyntheticCorpus corpus = SyntheticCorpus.generate(23, 60, 10, 30, DIM);
		try (ColbertIndex index = ColbertIndex.open(this.dir, fast(), MODEL, DIM)) {
			index.add(corpus.documents());
			index.commit();
			List<String> all = corpus.documents().stream().map(IndexDocument::id).toList();
			assertThat(index.delete(all)).isEqualTo(60);
			index.commit();
			assertThat(index.stats().documents()).isZero();
			assertThat(index.stats().segments()).isZero();
			assertThat(index.search(corpus.query(1, 32), SearchParams.forK(10))).isEmpty();
			index.compact();
			// the codec stays: new documents are encoded with it
			index.add(corpus.documents().subList(0, 10));
			index.commit();
			assertThat(index.stats().documents()).isEqualTo(10);
			assertThat(index.search(corpus.query(3, 32), SearchParams.forK(1)).get(0).id()).isEqualTo("doc-3");
		}
		try (ColbertIndex index = ColbertIndex.open(this.dir, fast(), MODEL, DIM)) {
			assertThat(index.stats().documents()).isEqualTo(10);
		}
	}

	@Test
	void addingAnExistingIdReplacesTheDocument() {
		SyntheticCorpus corpus = SyntheticCorpus.generate(13, 100, 10, 30, DIM);
		try (ColbertIndex index = ColbertIndex.open(this.dir, fast(), MODEL, DIM)) {
			index.add(corpus.documents());
			index.commit();
			IndexDocument original = corpus.documents().get(5);
			IndexDocument other = corpus.documents().get(77);
			// doc-5 now carries doc-77's vectors
			index.add(List.of(new IndexDocument("doc-5", "replaced", Map.of("version", 2L), other.vectors())));
			assertThat(index.document("doc-5").orElseThrow().text()).isEqualTo("text of doc-5");
			index.commit();
			assertThat(index.stats().documents()).isEqualTo(100);
			StoredDocument stored = index.document("doc-5").orElseThrow();
			assertThat(stored.text()).isEqualTo("replaced");
			assertThat(stored.metadata()).containsExactly(Map.entry("version", 2L));
			List<SearchHit> hits = index.search(other.vectors(), SearchParams.exhaustive(2));
			assertThat(ids(hits)).containsExactlyInAnyOrder("doc-5", "doc-77");
			assertThat(ids(index.search(original.vectors(), SearchParams.exhaustive(100)))).containsOnlyOnce("doc-5");
		}
	}

	@Test
	void uncommittedChangesAreInvisibleAndDiscardedOnClose() {
		SyntheticCorpus corpus = SyntheticCorpus.generate(14, 120, 10, 30, DIM);
		try (ColbertIndex index = ColbertIndex.open(this.dir, fast(), MODEL, DIM)) {
			index.add(corpus.documents().subList(0, 100));
			assertThat(index.stats().pendingAdds()).isEqualTo(100);
			assertThat(index.search(corpus.query(0, 32), SearchParams.forK(10))).isEmpty();
			index.commit();
			index.add(corpus.documents().subList(100, 120));
			index.delete(List.of("doc-0"));
			assertThat(index.stats().pendingAdds()).isEqualTo(20);
			assertThat(index.stats().pendingDeletes()).isEqualTo(1);
			assertThat(index.document("doc-110")).isEmpty();
			assertThat(index.document("doc-0")).isPresent();
		}
		try (ColbertIndex index = ColbertIndex.open(this.dir, fast(), MODEL, DIM)) {
			assertThat(index.stats().documents()).isEqualTo(100);
			assertThat(index.document("doc-0")).isPresent();
			assertThat(index.document("doc-110")).isEmpty();
		}
	}

	@Test
	void refusesAnotherModelOtherNbitsAndASecondWriter() {
		try (ColbertIndex index = ColbertIndex.open(this.dir, fast(), MODEL, DIM)) {
			assertThatExceptionOfType(IndexLockedException.class)
				.isThrownBy(() -> ColbertIndex.open(this.dir, fast(), MODEL, DIM))
				.withMessageContaining("write.lock");
		}
		assertThatExceptionOfType(ModelMismatchException.class)
			.isThrownBy(() -> ColbertIndex.open(this.dir, fast(), "another-model", DIM))
			.withMessageContaining(MODEL)
			.withMessageContaining("another-model");
		assertThatExceptionOfType(ModelMismatchException.class)
			.isThrownBy(() -> ColbertIndex.open(this.dir, fast(), MODEL, 96))
			.withMessageContaining("dim 128")
			.withMessageContaining("dim 96");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ColbertIndex.open(this.dir, IndexSettings.builder().nbits(4).build(), MODEL, DIM))
			.withMessageContaining("nbits 2")
			.withMessageContaining("nbits 4");
		// a refused open leaves the directory usable
		try (ColbertIndex index = ColbertIndex.open(this.dir, fast(), MODEL, DIM)) {
			assertThat(index.stats().documents()).isZero();
		}
	}

	@Test
	void rejectsBadDocumentsNamingThemAndKeepsWhatIsStored() {
		SyntheticCorpus corpus = SyntheticCorpus.generate(15, 30, 10, 20, DIM);
		try (ColbertIndex index = ColbertIndex.open(this.dir, fast(), MODEL, DIM)) {
			index.add(corpus.documents().subList(0, 20));
			index.commit();
			IndexDocument good = corpus.documents().get(25);
			TokenVectors vectors = good.vectors();
			TokenVectors wrongDim = TokenVectors.of(new float[10 * 96], 10, 96);
			float[] nan = vectors.data().clone();
			nan[5] = Float.NaN;
			Map<String, Object> nullValue = new HashMap<>();
			nullValue.put("author", null);
			assertBad(index, new IndexDocument("x", "t", null, wrongDim), "documents[1] (id 'x')",
					"dim 96 but this index holds dim 128");
			assertBad(index, new IndexDocument(" ", "t", null, vectors), "documents[1] has a blank id");
			assertBad(index, new IndexDocument(null, "t", null, vectors), "documents[1] has a null id");
			assertBad(index, new IndexDocument("x", null, null, vectors), "(id 'x') has null text");
			assertBad(index, new IndexDocument("x", "t", null, null), "(id 'x') has no token vectors");
			assertBad(index, new IndexDocument("x", "t", null, TokenVectors.of(new float[0], 0, DIM)),
					"has zero token vectors");
			assertBad(index, new IndexDocument("x", "t", null, TokenVectors.of(nan, vectors.count(), DIM)),
					"non-finite value (NaN) at dimension 5");
			assertBad(index, new IndexDocument("x", "t", nullValue, vectors), "metadata 'author' is null");
			assertBad(index, new IndexDocument("x", "t", Map.of("m", Map.of("a", 1)), vectors),
					"metadata 'm' holds a nested map");
			assertBad(index, new IndexDocument("x", "t", Map.of("l", List.of(List.of(1))), vectors),
					"metadata 'l' holds a nested list at list index 0");
			assertBad(index, new IndexDocument("x", "t", Map.of("d", new Date()), vectors),
					"metadata 'd' holds a java.util.Date");
			assertThatIllegalArgumentException().isThrownBy(() -> index.add(List.of(good, good)))
				.withMessageContaining("documents[1] (id 'doc-25') repeats an id");
			assertThat(index.stats().pendingAdds()).isZero();
			index.commit();
			assertThat(index.stats().documents()).isEqualTo(20);
			assertThat(index.document("doc-3")).isPresent();
			assertThatIllegalArgumentException()
				.isThrownBy(() -> index.search(TokenVectors.of(new float[96], 1, 96), SearchParams.forK(3)))
				.withMessageContaining("query vectors have dim 96 but this index holds dim 128");
		}
	}

	private static void assertBad(ColbertIndex index, IndexDocument bad, String... messageParts) {
		IndexDocument good = new IndexDocument("fine", "fine", Map.of(), TokenVectors.of(unit(), 1, DIM));
		var assertion = assertThatIllegalArgumentException().isThrownBy(() -> index.add(List.of(good, bad)));
		for (String part : messageParts) {
			assertion.withMessageContaining(part);
		}
		assertThat(index.stats().pendingAdds()).as("nothing staged").isZero();
	}

	private static float[] unit() {
		float[] v = new float[DIM];
		v[0] = 1;
		return v;
	}

	@Test
	void storesTextAndMetadataWithTheirTypes() {
		Map<String, Object> metadata = Map.of("int", 5, "long", 5L, "double", 2.5, "float", 1.5f, "bool", true, "str",
				"héllo ✓", "list", List.of("a", 1, 2.0), "short", (short) 3, "byte", (byte) 4);
		float[] data = new float[3 * DIM];
		data[0] = 1;
		data[DIM + 1] = 1;
		data[2 * DIM + 2] = 1;
		try (ColbertIndex index = ColbertIndex.open(this.dir, fast(), MODEL, DIM)) {
			index.add(List.of(new IndexDocument("a", "some text ✓", metadata, TokenVectors.of(data, 3, DIM))));
			index.commit();
		}
		try (ColbertIndex index = ColbertIndex.open(this.dir, fast(), MODEL, DIM)) {
			StoredDocument stored = index.document("a").orElseThrow();
			assertThat(stored.text()).isEqualTo("some text ✓");
			assertThat(stored.tokenVectors()).isEqualTo(3);
			assertThat(stored.metadata()).isEqualTo(metadata);
			assertThat(stored.metadata().get("long")).isInstanceOf(Long.class);
			assertThat(stored.metadata().get("float")).isInstanceOf(Float.class);
			// three orthogonal vectors and three centroids: decompression is exact up to rounding
			TokenVectors back = index.vectors("a").orElseThrow();
			assertThat(back.count()).isEqualTo(3);
			List<SearchHit> hits = index.search(TokenVectors.of(data, 3, DIM), SearchParams.forK(1));
			assertThat(hits.get(0).maxSim()).isGreaterThan(2.95f);
		}
	}

	@Test
	void corruptedFilesAreRefusedNamingTheFile() throws IOException {
		SyntheticCorpus corpus = SyntheticCorpus.generate(16, 80, 10, 30, DIM);
		try (ColbertIndex index = ColbertIndex.open(this.dir, fast(), MODEL, DIM)) {
			index.add(corpus.documents());
			index.commit();
			index.delete(List.of("doc-1"));
			index.commit();
		}
		for (String suffix : List.of(".vec", ".dst", ".del", ".cdc", ".src")) {
			Path file = only(suffix);
			byte[] original = Files.readAllBytes(file);
			// a flipped byte in the middle
			byte[] flipped = original.clone();
			flipped[flipped.length / 2] ^= 0x10;
			Files.write(file, flipped);
			assertRefused(file);
			// truncation
			Files.write(file, Arrays.copyOf(original, original.length - 3));
			assertRefused(file);
			Files.write(file, original);
		}
		Path commit = only("commit_");
		byte[] original = Files.readAllBytes(commit);
		byte[] flipped = original.clone();
		flipped[40] ^= 0x01;
		Files.write(commit, flipped);
		assertRefused(commit);
		Files.write(commit, original);
		Path vectors = only(".vec");
		Files.delete(vectors);
		assertThatExceptionOfType(CorruptIndexException.class)
			.isThrownBy(() -> ColbertIndex.open(this.dir, fast(), MODEL, DIM))
			.withMessageContaining(vectors.getFileName().toString())
			.withMessageContaining("missing");
	}

	private Path only(String part) throws IOException {
		try (var files = Files.list(this.dir)) {
			List<Path> matches = files.filter((p) -> p.getFileName().toString().contains(part)).toList();
			assertThat(matches).as("files named *%s*", part).hasSize(1);
			return matches.get(0);
		}
	}

	private void assertRefused(Path file) {
		assertThatExceptionOfType(CorruptIndexException.class)
			.isThrownBy(() -> ColbertIndex.open(this.dir, fast(), MODEL, DIM))
			.withMessageContaining(file.getFileName().toString())
			.satisfies((ex) -> assertThat(ex.file()).isEqualTo(file));
	}

	@Test
	void filteredSearchReturnsTheTopKOfMatchingDocuments() {
		SyntheticCorpus corpus = SyntheticCorpus.generate(17, 1200, 10, 40, DIM);
		try (ColbertIndex index = ColbertIndex.open(this.dir, fast(), MODEL, DIM)) {
			index.add(corpus.documents());
			index.commit();
			Set<String> rare = new HashSet<>();
			for (int i = 0; i < 1200; i += 97) {
				rare.add("doc-" + i);
			}
			List<DocumentFilter> filters = List.of((id, m) -> Integer.valueOf(2).equals(m.get("group")),
					(id, m) -> rare.contains(id), (id, m) -> Boolean.TRUE.equals(m.get("even")));
			int agree = 0;
			int total = 0;
			for (TokenVectors query : corpus.queries(20, 32)) {
				for (DocumentFilter filter : filters) {
					List<SearchHit> plaid = index.search(query, SearchParams.forK(10), filter);
					List<SearchHit> exact = index.search(query, SearchParams.exhaustive(10), filter);
					for (SearchHit hit : plaid) {
						assertThat(filter.matches(hit.id(), hit.metadata())).isTrue();
					}
					assertThat(plaid).hasSize(Math.min(10, exact.size()));
					Set<String> exactIds = new HashSet<>(ids(exact));
					agree += (int) plaid.stream().filter((h) -> exactIds.contains(h.id())).count();
					total += exact.size();
				}
			}
			assertThat(agree / (double) total).as("filtered PLAID recall@10").isGreaterThanOrEqualTo(0.99);
			// a very selective filter falls back to exact scoring of the few matching documents
			SearchResponse response = index.searchWithTrace(corpus.query(0, 32), SearchParams.forK(10),
					(id, m) -> rare.contains(id));
			assertThat(response.trace().mode()).isEqualTo(SearchMode.EXHAUSTIVE);
			assertThat(response.hits()).hasSize(10);
		}
	}

	@Test
	void mergesKeepTheSegmentCountBounded() {
		SyntheticCorpus corpus = SyntheticCorpus.generate(18, 400, 10, 30, DIM);
		IndexSettings settings = IndexSettings.builder().centroids(256).mergeFactor(3).build();
		try (ColbertIndex index = ColbertIndex.open(this.dir, settings, MODEL, DIM)) {
			for (int i = 0; i < 400; i += 50) {
				index.add(corpus.documents().subList(i, i + 50));
				index.delete(List.of("doc-" + (i / 2)));
				index.commit();
				assertThat(index.stats().segments()).isLessThanOrEqualTo(3);
			}
			IndexStats stats = index.stats();
			assertThat(stats.documents()).isEqualTo(400 - 8);
			for (int target : new int[] { 1, 101, 301, 399 }) {
				TokenVectors query = corpus.query(target, 32);
				assertThat(index.search(query, SearchParams.forK(10)))
					.isEqualTo(index.search(query, SearchParams.exhaustive(10)));
			}
		}
		try (var files = Files.list(this.dir)) {
			// merged-away files are gone: 1 codec, <= 3 x (vec, dst, del), commit, lock
			assertThat(files.count()).isLessThanOrEqualTo(1 + 9 + 2);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void statsReportTheFilesAndCounts() throws IOException {
		SyntheticCorpus corpus = SyntheticCorpus.generate(19, 300, 10, 30, DIM);
		try (ColbertIndex index = ColbertIndex.open(this.dir, fast(), MODEL, DIM)) {
			index.add(corpus.documents());
			index.commit();
			index.delete(List.of("doc-7"));
			index.commit();
			IndexStats stats = index.stats();
			long vectors = corpus.documents().stream().filter((d) -> !d.id().equals("doc-7"))
				.mapToLong((d) -> d.vectors().count()).sum();
			assertThat(stats.documents()).isEqualTo(299);
			assertThat(stats.tokenVectors()).isEqualTo(vectors);
			assertThat(stats.centroids()).isEqualTo(256);
			assertThat(stats.nbits()).isEqualTo(2);
			assertThat(stats.dim()).isEqualTo(DIM);
			assertThat(stats.modelFingerprint()).isEqualTo(MODEL);
			assertThat(stats.deletedDocuments()).isEqualTo(1);
			long indexFiles = 0;
			long storeFiles = 0;
			long sourceFiles = 0;
			try (var files = Files.list(this.dir)) {
				for (Path p : files.toList()) {
					String name = p.getFileName().toString();
					if (name.endsWith(".dst")) {
						storeFiles += Files.size(p);
					}
					else if (name.endsWith(".src")) {
						sourceFiles += Files.size(p);
					}
					else if (!name.equals("write.lock")) {
						indexFiles += Files.size(p);
					}
				}
			}
			assertThat(stats.indexBytes()).isEqualTo(indexFiles);
			assertThat(stats.documentStoreBytes()).isEqualTo(storeFiles);
			// adaptive training (default) keeps the half-precision originals of this small index, reported apart
			assertThat(sourceFiles).isGreaterThanOrEqualTo(2L * DIM * vectors);
			assertThat(stats.sourceVectorBytes()).isEqualTo(sourceFiles);
			assertThat(stats.bytesPerVector()).isEqualTo((double) indexFiles / vectors);
			assertThat(stats.compressionRatioVsFp16()).isEqualTo(256.0 / stats.bytesPerVector());
			assertThat(stats.maxDocumentLength()).isEqualTo(corpus.documents().stream()
				.filter((d) -> !d.id().equals("doc-7")).mapToInt((d) -> d.vectors().count()).max().orElseThrow());
			assertThat(stats.lastCommitTime()).isBefore(Instant.now().plusSeconds(1));
			assertThat(stats.reclusterAdvisable()).isFalse();
		}
	}

	@Test
	void reclusterRebuildsCentroidsForAGrownCollection() {
		SyntheticCorpus corpus = SyntheticCorpus.generate(20, 900, 10, 40, DIM);
		// without adaptive training, the codec of the first commit stays until recluster()
		IndexSettings settings = IndexSettings.builder().adaptiveTraining(false).build();
		try (ColbertIndex index = ColbertIndex.open(this.dir, settings, MODEL, DIM)) {
			index.add(corpus.documents().subList(0, 40));
			index.commit();
			int firstCentroids = index.stats().centroids();
			index.add(corpus.documents().subList(40, 900));
			index.commit();
			IndexStats grown = index.stats();
			assertThat(grown.centroids()).isEqualTo(firstCentroids);
			assertThat(grown.reclusterAdvisable()).isTrue();
			assertThat(grown.reclusterReason()).contains("recluster()");
			index.recluster();
			IndexStats after = index.stats();
			assertThat(after.reclusterAdvisable()).isFalse();
			assertThat(after.centroids()).isGreaterThan(firstCentroids);
			assertThat(after.documents()).isEqualTo(900);
			assertThat(after.tokenVectors()).isEqualTo(grown.tokenVectors());
			assertThat(index.document("doc-5").orElseThrow().metadata()).isEqualTo(corpus.documents().get(5).metadata());
			int found = 0;
			for (TokenVectors query : corpus.queries(20, 32)) {
				Set<String> exact = new HashSet<>(ids(index.search(query, SearchParams.exhaustive(10))));
				found += (int) index.search(query, SearchParams.forK(10)).stream()
					.filter((h) -> exact.contains(h.id())).count();
			}
			assertThat(found / 200.0).isGreaterThanOrEqualTo(0.97);
		}
	}

	@Test
	void trainingAheadOfTheFirstCommitPlansForTheCollectionSize() {
		SyntheticCorpus corpus = SyntheticCorpus.generate(22, 200, 10, 30, DIM);
		try (ColbertIndex index = ColbertIndex.open(this.dir, IndexSettings.defaults(), MODEL, DIM)) {
			index.train(corpus.vectors().subList(0, 150), 1_000_000);
			index.add(corpus.documents());
			index.commit();
			IndexStats stats = index.stats();
			assertThat(stats.codecPlannedVectors()).isEqualTo(1_000_000);
			// the reference asks for 8,192 centroids at 1M vectors; the sample caps it at its size
			assertThat(stats.centroids()).isLessThanOrEqualTo(8192).isGreaterThan(1024);
			assertThatIllegalStateException().isThrownBy(() -> index.train(corpus.vectors(), 10))
				.withMessageContaining("recluster()");
		}
	}

	@Test
	void searchParamsFollowTheReferenceDefaultsAndValidate() {
		assertThat(SearchParams.forK(10)).isEqualTo(new SearchParams(10, 1, 0.5f, 256, SearchMode.PLAID));
		assertThat(SearchParams.forK(100)).isEqualTo(new SearchParams(100, 2, 0.45f, 1024, SearchMode.PLAID));
		assertThat(SearchParams.forK(1000)).isEqualTo(new SearchParams(1000, 4, 0.4f, 4096, SearchMode.PLAID));
		assertThat(SearchParams.forK(2000).ndocs()).isEqualTo(8000);
		assertThatIllegalArgumentException().isThrownBy(() -> SearchParams.forK(0))
			.withMessageContaining("k must be between 1 and 100000, was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> SearchParams.forK(10).withNdocs(39))
			.withMessageContaining("ndocs must be at least 4 x k = 40");
		assertThatIllegalArgumentException().isThrownBy(() -> SearchParams.forK(10).withCentroidScoreThreshold(1.5f))
			.withMessageContaining("between -1 and 1");
		assertThatIllegalArgumentException().isThrownBy(() -> SearchParams.forK(10).withNcells(0))
			.withMessageContaining("ncells must be at least 1");
		assertThatIllegalArgumentException().isThrownBy(() -> IndexSettings.builder().nbits(3))
			.withMessageContaining("nbits must be 1, 2 or 4, was 3");
	}

}
