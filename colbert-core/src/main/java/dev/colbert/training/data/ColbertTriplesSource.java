package dev.colbert.training.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import dev.colbert.training.TrainingExample;
import dev.colbert.training.TrainingExample.Passage;

/**
 * ColBERT's training data: a JSONL file of triples with a queries file and a collection (stanford-futuredata/ColBERT's
 * {@code triples}, {@code queries}, {@code collection}). Each line is {@code [qid, pid+, pid-]},
 * {@code [qid, pid+, pid-1, pid-2, ...]} (n-way), or {@code [qid, [pid+, score], [pid-1, score], ...]} (with teacher
 * scores for distillation). Lines with the same query and positive are merged into one example with all their
 * negatives.
 *
 * @param triples the JSONL triples
 * @param queries {@code qid<TAB>query} TSV or BEIR queries.jsonl
 * @param collection {@code pid<TAB>passage} TSV or BEIR corpus.jsonl
 */
public record ColbertTriplesSource(Path triples, Path queries, Path collection) implements TrainingDataSource {

	public ColbertTriplesSource {
		Objects.requireNonNull(triples, "triples");
		Objects.requireNonNull(queries, "queries");
		Objects.requireNonNull(collection, "collection");
	}

	@Override
	public List<TrainingExample> load(MiningContext context) {
		Map<String, String> queryTexts = TextFiles.readQueries(this.queries);
		Map<String, String> passages = TextFiles.readCollection(this.collection);
		ExampleGroups groups = new ExampleGroups();
		TextFiles.forEachLine(this.triples, (number, line) -> {
			JsonArray row;
			try {
				row = JsonParser.parseString(line).getAsJsonArray();
			}
			catch (JsonParseException | IllegalStateException ex) {
				throw new IllegalArgumentException(where(number) + ": not a JSON array [qid, pid+, pid-, ...]", ex);
			}
			if (row.size() < 3) {
				throw new IllegalArgumentException(where(number) + ": needs a query id, a positive and at least one "
						+ "negative, has " + row.size() + " entries");
			}
			String queryId = id(row.get(0), number);
			String query = queryTexts.get(queryId);
			if (query == null) {
				throw new IllegalArgumentException(where(number) + ": query " + queryId + " is not in " + this.queries);
			}
			boolean scored = row.get(1).isJsonArray();
			float[] scores = scored ? new float[row.size() - 1] : null;
			List<Passage> documents = new ArrayList<>(row.size() - 1);
			for (int i = 1; i < row.size(); i++) {
				JsonElement entry = row.get(i);
				if (entry.isJsonArray() != scored) {
					throw new IllegalArgumentException(where(number)
							+ ": mixes [pid, score] pairs and plain pids; use one form per line");
				}
				String pid;
				if (scored) {
					JsonArray pair = entry.getAsJsonArray();
					if (pair.size() < 2) {
						throw new IllegalArgumentException(where(number) + ": entry " + i + " must be [pid, score]");
					}
					pid = id(pair.get(0), number);
					scores[i - 1] = pair.get(1).getAsFloat();
				}
				else {
					pid = id(entry, number);
				}
				String text = passages.get(pid);
				if (text == null) {
					throw new IllegalArgumentException(where(number) + ": passage " + pid + " is not in "
							+ this.collection);
				}
				documents.add(new Passage(pid, text));
			}
			groups.add(queryId, query, documents.get(0), documents.subList(1, documents.size()), scores);
		});
		return groups.examples();
	}

	private String where(long number) {
		return this.triples + " line " + number;
	}

	private String id(JsonElement element, long number) {
		if (element.isJsonPrimitive()) {
			String text = element.getAsString();
			// JSON numbers such as 12.0 name the integer id 12
			if (element.getAsJsonPrimitive().isNumber() && text.endsWith(".0")) {
				text = text.substring(0, text.length() - 2);
			}
			return text;
		}
		throw new IllegalArgumentException(where(number) + ": ids must be strings or numbers, found " + element);
	}

	@Override
	public String describe() {
		return "ColBERT triples " + this.triples.getFileName() + " with " + this.queries.getFileName() + " and "
				+ this.collection.getFileName();
	}

}
