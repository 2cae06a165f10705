package dev.colbert.training.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * Reads the text files of training data: collections and queries as TSV ({@code id<TAB>text}) or BEIR JSONL
 * ({@code _id}, {@code title}, {@code text}), with errors that name the file and line.
 */
public final class TextFiles {

	private TextFiles() {
	}

	/**
	 * Reads a collection: a BEIR {@code corpus.jsonl} (the text encoded is title and text joined by a space, as BEIR's
	 * baselines and the evaluation command do) or a ColBERT {@code collection.tsv} ({@code pid<TAB>text}, an optional
	 * third column is a title put before the text).
	 */
	public static Map<String, String> readCollection(Path file) {
		return isJsonl(file) ? readJsonl(file, true) : readTsv(file, "pid<TAB>passage");
	}

	/**
	 * Reads a collection keeping titles apart, for pseudo-queries: BEIR {@code corpus.jsonl} ({@code title} may be
	 * missing) or {@code pid<TAB>text[<TAB>title]} TSV.
	 */
	public static List<PseudoQuerySource.CorpusDocument> readDocuments(Path file) {
		List<PseudoQuerySource.CorpusDocument> documents = new ArrayList<>();
		if (isJsonl(file)) {
			forEachLine(file, (number, line) -> {
				JsonObject json;
				try {
					json = JsonParser.parseString(line).getAsJsonObject();
				}
				catch (JsonParseException | IllegalStateException ex) {
					throw new IllegalArgumentException(file + " line " + number + ": not a JSON object ("
							+ ex.getMessage() + ")", ex);
				}
				documents.add(new PseudoQuerySource.CorpusDocument(string(json, "_id", file, number, true),
						string(json, "title", file, number, false), string(json, "text", file, number, true)));
			});
		}
		else {
			forEachLine(file, (number, line) -> {
				String[] columns = line.split("\t", -1);
				if (columns.length < 2 || columns[0].isBlank()) {
					throw new IllegalArgumentException(file + " line " + number
							+ ": expected pid<TAB>passage[<TAB>title], found " + columns.length + " column(s)");
				}
				documents.add(new PseudoQuerySource.CorpusDocument(columns[0],
						(columns.length >= 3 && !columns[2].isBlank()) ? columns[2] : null, columns[1]));
			});
		}
		return documents;
	}

	/** Reads queries: BEIR {@code queries.jsonl} or {@code qid<TAB>query} TSV. */
	public static Map<String, String> readQueries(Path file) {
		return isJsonl(file) ? readJsonl(file, false) : readTsv(file, "qid<TAB>query");
	}

	static boolean isJsonl(Path file) {
		String name = file.getFileName().toString();
		return name.endsWith(".jsonl") || name.endsWith(".json");
	}

	private static Map<String, String> readJsonl(Path file, boolean titles) {
		Map<String, String> texts = new LinkedHashMap<>();
		forEachLine(file, (number, line) -> {
			JsonObject json;
			try {
				json = JsonParser.parseString(line).getAsJsonObject();
			}
			catch (JsonParseException | IllegalStateException ex) {
				throw new IllegalArgumentException(file + " line " + number + ": not a JSON object (" + ex.getMessage()
						+ ")", ex);
			}
			String id = string(json, "_id", file, number, true);
			String text = string(json, "text", file, number, true);
			String title = titles ? string(json, "title", file, number, false) : "";
			String joined = (title == null || title.isEmpty()) ? text : (title + " " + text).strip();
			if (texts.put(id, joined) != null) {
				throw new IllegalArgumentException(file + " line " + number + ": duplicate _id " + id);
			}
		});
		return texts;
	}

	private static Map<String, String> readTsv(Path file, String layout) {
		Map<String, String> texts = new LinkedHashMap<>();
		forEachLine(file, (number, line) -> {
			String[] columns = line.split("\t", -1);
			if (columns.length < 2 || columns[0].isBlank()) {
				throw new IllegalArgumentException(file + " line " + number + ": expected " + layout + ", found "
						+ columns.length + " column(s)");
			}
			String text = (columns.length >= 3 && !columns[2].isBlank()) ? columns[2] + " " + columns[1] : columns[1];
			if (texts.put(columns[0], text) != null) {
				throw new IllegalArgumentException(file + " line " + number + ": duplicate id " + columns[0]);
			}
		});
		return texts;
	}

	private static String string(JsonObject json, String key, Path file, long number, boolean required) {
		JsonElement value = json.get(key);
		if (value == null || value.isJsonNull()) {
			if (required) {
				throw new IllegalArgumentException(file + " line " + number + ": field \"" + key + "\" is missing");
			}
			return null;
		}
		if (value.isJsonPrimitive()) {
			return value.getAsString();
		}
		throw new IllegalArgumentException(file + " line " + number + ": field \"" + key + "\" must be a string");
	}

	/** Receives each non-blank line with its 1-based number. */
	@FunctionalInterface
	interface LineHandler {

		void accept(long number, String line);

	}

	static void forEachLine(Path file, LineHandler handler) {
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			String line;
			long number = 0;
			while ((line = reader.readLine()) != null) {
				number++;
				if (!line.isBlank()) {
					handler.accept(number, line);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(file + ": cannot be read (" + ex.getMessage() + ")", ex);
		}
	}

}
