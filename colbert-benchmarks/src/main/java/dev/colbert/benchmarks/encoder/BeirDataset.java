package dev.colbert.benchmarks.encoder;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A BEIR dataset folder (corpus.jsonl, queries.jsonl, qrels/test.tsv), read for benchmarks.
 *
 * @param documents document texts ({@code title + " " + text}) by id, in file order
 * @param testQueries texts of the queries that appear in qrels/test.tsv, in qrels order
 */
record BeirDataset(Map<String, String> documents, List<String> testQueries) {

	static BeirDataset read(Path folder, int limit) throws IOException {
		Map<String, String> documents = new LinkedHashMap<>();
		try (BufferedReader reader = Files.newBufferedReader(folder.resolve("corpus.jsonl"))) {
			String line;
			while ((line = reader.readLine()) != null && documents.size() < limit) {
				if (line.isBlank()) {
					continue;
				}
				JsonObject json = JsonParser.parseString(line).getAsJsonObject();
				String title = json.has("title") ? json.get("title").getAsString() : "";
				String text = json.has("text") ? json.get("text").getAsString() : "";
				documents.put(json.get("_id").getAsString(), title.isEmpty() ? text : title + " " + text);
			}
		}
		Map<String, String> queries = new LinkedHashMap<>();
		try (BufferedReader reader = Files.newBufferedReader(folder.resolve("queries.jsonl"))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (!line.isBlank()) {
					JsonObject json = JsonParser.parseString(line).getAsJsonObject();
					queries.put(json.get("_id").getAsString(), json.get("text").getAsString());
				}
			}
		}
		Set<String> testIds = new LinkedHashSet<>();
		List<String> qrels = Files.readAllLines(folder.resolve("qrels").resolve("test.tsv"));
		for (String line : qrels.subList(1, qrels.size())) {
			if (!line.isBlank()) {
				testIds.add(line.split("\t")[0]);
			}
		}
		List<String> testQueries = new ArrayList<>();
		for (String id : testIds) {
			if (queries.containsKey(id)) {
				testQueries.add(queries.get(id));
			}
		}
		return new BeirDataset(documents, testQueries);
	}

}
