package dev.colbert.beir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import dev.colbert.beir.BeirDataset.BeirDocument;

/**
 * Parses the three files of a BEIR folder, with errors that name the file and line ({@code file:line: what}).
 */
final class BeirFiles {

	private BeirFiles() {
	}

	/** The first {@code maxDocuments} documents of {@code corpus.jsonl}, in file order. */
	static Map<String, BeirDocument> readCorpus(Path file, int maxDocuments) {
		Map<String, BeirDocument> corpus = new LinkedHashMap<>();
		forEachJsonLine(file, maxDocuments, (line, json) -> {
			String id = requiredString(json, "_id", file, line);
			if (corpus.put(id, new BeirDocument(id, optionalString(json, "title"), optionalString(json, "text"))) != null) {
				throw new IllegalArgumentException(file + ":" + line + ": duplicate document id '" + id + "'");
			}
		});
		return corpus;
	}

	/** Every query of {@code queries.jsonl}: id to text, in file order. */
	static Map<String, String> readQueries(Path file) {
		Map<String, String> queries = new LinkedHashMap<>();
		forEachJsonLine(file, Integer.MAX_VALUE,
				(line, json) -> queries.put(requiredString(json, "_id", file, line), optionalString(json, "text")));
		return queries;
	}

	/** Graded judgments of a qrels TSV: query id to (document id to relevance), in file order. */
	static Map<String, Map<String, Integer>> readQrels(Path file) {
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

	/** Receives each JSON object line with its 1-based number. */
	private interface JsonLineConsumer {

		void accept(int line, JsonObject json);

	}

	/** Passes the first {@code maxObjects} non-blank lines, each a JSON object, to {@code consumer}. */
	private static void forEachJsonLine(Path file, int maxObjects, JsonLineConsumer consumer) {
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			String row;
			int line = 0;
			int objects = 0;
			while (objects < maxObjects && (row = reader.readLine()) != null) {
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
				objects++;
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

}
