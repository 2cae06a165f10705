package dev.colbert.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

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
		Path corpusFile = require(directory.resolve("corpus.jsonl"));
		Path queriesFile = require(directory.resolve("queries.jsonl"));
		Path qrelsFile = require(directory.resolve("qrels").resolve(split + ".tsv"));
		Map<String, Map<String, Integer>> qrels = readQrels(qrelsFile);
		Map<String, BeirDocument> corpus = new LinkedHashMap<>();
		forEachJsonLine(corpusFile, (line, json) -> {
			String id = requiredString(json, "_id", corpusFile, line);
			String title = optionalString(json, "title");
			String text = optionalString(json, "text");
			if (corpus.put(id, new BeirDocument(id, title, text)) != null) {
				throw new IllegalArgumentException(corpusFile + ":" + line + ": duplicate document id '" + id + "'");
			}
		});
		Map<String, String> allQueries = new LinkedHashMap<>();
		forEachJsonLine(queriesFile,
				(line, json) -> allQueries.put(requiredString(json, "_id", queriesFile, line), optionalString(json, "text")));
		Map<String, String> queries = new LinkedHashMap<>();
		for (String queryId : qrels.keySet()) {
			String text = allQueries.get(queryId);
			if (text == null) {
				throw new IllegalArgumentException(
						qrelsFile + ": query id '" + queryId + "' has judgments but is not in " + queriesFile);
			}
			queries.put(queryId, text);
		}
		return new BeirDataset(Collections.unmodifiableMap(corpus), Collections.unmodifiableMap(queries),
				Collections.unmodifiableMap(qrels));
	}

	private static Path require(Path file) {
		if (!Files.isRegularFile(file)) {
			throw new IllegalArgumentException(
					"Missing " + file + ": a BEIR folder needs corpus.jsonl, queries.jsonl and qrels/<split>.tsv");
		}
		return file;
	}

	private static Map<String, Map<String, Integer>> readQrels(Path file) {
		Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			String row;
			int line = 0;
			while ((row = reader.readLine()) != null) {
				line++;
				if (row.isBlank() || (line == 1 && row.startsWith("query-id"))) {
					continue;
				}
				String[] fields = row.split("\t");
				if (fields.length != 3) {
					throw new IllegalArgumentException(file + ":" + line
							+ ": expected 3 tab-separated fields (query-id, corpus-id, score), found " + fields.length);
				}
				int relevance;
				try {
					relevance = Integer.parseInt(fields[2].trim());
				}
				catch (NumberFormatException ex) {
					throw new IllegalArgumentException(file + ":" + line + ": score '" + fields[2] + "' is not an integer");
				}
				qrels.computeIfAbsent(fields[0].trim(), (q) -> new LinkedHashMap<>()).put(fields[1].trim(), relevance);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file, ex);
		}
		if (qrels.isEmpty()) {
			throw new IllegalArgumentException(file + " holds no judgments");
		}
		return qrels;
	}

	private interface JsonLineConsumer {

		void accept(int line, JsonObject json);

	}

	private static void forEachJsonLine(Path file, JsonLineConsumer consumer) {
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			String row;
			int line = 0;
			while ((row = reader.readLine()) != null) {
				line++;
				if (row.isBlank()) {
					continue;
				}
				JsonElement element;
				try {
					element = JsonParser.parseString(row);
				}
				catch (JsonParseException ex) {
					throw new IllegalArgumentException(file + ":" + line + ": not valid JSON (" + ex.getMessage() + ")");
				}
				if (!element.isJsonObject()) {
					throw new IllegalArgumentException(file + ":" + line + ": expected a JSON object");
				}
				consumer.accept(line, element.getAsJsonObject());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file, ex);
		}
	}

	private static String requiredString(JsonObject json, String key, Path file, int line) {
		JsonElement value = json.get(key);
		if (value == null || value.isJsonNull()) {
			throw new IllegalArgumentException(file + ":" + line + ": missing \"" + key + "\"");
		}
		return value.getAsString();
	}

	private static String optionalString(JsonObject json, String key) {
		JsonElement value = json.get(key);
		return (value == null || value.isJsonNull()) ? "" : value.getAsString();
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
