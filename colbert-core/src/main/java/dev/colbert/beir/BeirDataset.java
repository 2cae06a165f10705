package dev.colbert.beir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test collection in BEIR layout: {@code corpus.jsonl} ({@code _id}, {@code title}, {@code text}),
 * {@code queries.jsonl} ({@code _id}, {@code text}) and {@code qrels/<split>.tsv} (header line, then
 * {@code query-id<TAB>corpus-id<TAB>score}).
 *
 * @param corpus the documents in file order
 * @param queries the queries that have judgments in the split, in qrels order
 * @param qrels graded judgments: query id to (document id to relevance)
 */
public record BeirDataset(Map<String, BeirDocument> corpus, Map<String, String> queries,
		Map<String, Map<String, Integer>> qrels) {

	/**
	 * Reads a BEIR folder.
	 * @param directory the folder holding corpus.jsonl, queries.jsonl and qrels/
	 * @param split the qrels split to evaluate (usually {@code test})
	 * @throws IllegalArgumentException naming the file and line when something is missing or malformed
	 */
	public static BeirDataset load(Path directory, String split) {
		return load(directory, split, Integer.MAX_VALUE);
	}

	/**
	 * Reads a BEIR folder, keeping only the first {@code maxDocuments} documents of the corpus (the rest of
	 * {@code corpus.jsonl} is not read); the queries and judgments are all read.
	 * @throws IllegalArgumentException naming the file and line when something is missing or malformed
	 */
	public static BeirDataset load(Path directory, String split, int maxDocuments) {
		Path corpusFile = require(directory.resolve("corpus.jsonl"));
		Path queriesFile = require(directory.resolve("queries.jsonl"));
		Path qrelsFile = require(qrelsFile(directory, split));
		Map<String, Map<String, Integer>> qrels = BeirFiles.readQrels(qrelsFile);
		Map<String, BeirDocument> corpus = BeirFiles.readCorpus(corpusFile, maxDocuments);
		Map<String, String> queries = judged(qrels, BeirFiles.readQueries(queriesFile), qrelsFile, queriesFile);
		return new BeirDataset(Collections.unmodifiableMap(corpus), Collections.unmodifiableMap(queries),
				Collections.unmodifiableMap(qrels));
	}

	/**
	 * Reads only the queries that have judgments in the split (id to text, in qrels order), without the corpus.
	 * @throws IllegalArgumentException naming the file and line when something is missing or malformed
	 */
	public static Map<String, String> loadJudgedQueries(Path directory, String split) {
		Path queriesFile = require(directory.resolve("queries.jsonl"));
		Path qrelsFile = require(qrelsFile(directory, split));
		return Collections.unmodifiableMap(
				judged(BeirFiles.readQrels(qrelsFile), BeirFiles.readQueries(queriesFile), qrelsFile, queriesFile));
	}

	/** The text of every document that is encoded ({@link BeirDocument#passage()}), in corpus order. */
	public List<String> passages() {
		return this.corpus.values().stream().map(BeirDocument::passage).toList();
	}

	private static Map<String, String> judged(Map<String, Map<String, Integer>> qrels, Map<String, String> allQueries,
			Path qrelsFile, Path queriesFile) {
		Map<String, String> queries = new LinkedHashMap<>();
		for (String queryId : qrels.keySet()) {
			String text = allQueries.get(queryId);
			if (text == null) {
				throw new IllegalArgumentException(
						qrelsFile + ": query id '" + queryId + "' has judgments but is not in " + queriesFile);
			}
			queries.put(queryId, text);
		}
		return queries;
	}

	private static Path qrelsFile(Path directory, String split) {
		return directory.resolve("qrels").resolve(split + ".tsv");
	}

	private static Path require(Path file) {
		if (!Files.isRegularFile(file)) {
			throw new IllegalArgumentException(
					"Missing " + file + ": a BEIR folder needs corpus.jsonl, queries.jsonl and qrels/<split>.tsv");
		}
		return file;
	}

	/**
	 * A corpus document.
	 *
	 * @param id the document id
	 * @param title the title (may be empty)
	 * @param text the body
	 */
	public record BeirDocument(String id, String title, String text) {

		/** The text that is encoded: title and body joined by a space, as BEIR's dense and ColBERT baselines do. */
		public String passage() {
			return this.title.isEmpty() ? this.text : (this.title + " " + this.text).strip();
		}

	}

}
