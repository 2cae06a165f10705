package dev.colbert.training;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.colbert.training.TrainingExample.Passage;

/**
 * The examples of a job as JSONL (one example per line, texts included), so that a resumed job trains on exactly the
 * data the first run loaded and mined.
 */
final class ExamplesFile {

	private static final Gson GSON = new Gson();

	private ExamplesFile() {
	}

	static void write(List<TrainingExample> examples, Path file) throws IOException {
		Files.createDirectories(file.getParent());
		Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
		try (BufferedWriter writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
			for (TrainingExample example : examples) {
				JsonObject json = new JsonObject();
				json.addProperty("qid", example.queryId());
				json.addProperty("query", example.query());
				json.add("positive", passage(example.positive()));
				JsonArray negatives = new JsonArray();
				example.negatives().forEach((negative) -> negatives.add(passage(negative)));
				json.add("negatives", negatives);
				if (example.teacherScores() != null) {
					JsonArray scores = new JsonArray();
					for (float score : example.teacherScores()) {
						scores.add(score);
					}
					json.add("scores", scores);
				}
				writer.write(GSON.toJson(json));
				writer.newLine();
			}
		}
		Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	static List<TrainingExample> read(Path file) {
		List<TrainingExample> examples = new ArrayList<>();
		try {
			for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
				if (line.isBlank()) {
					continue;
				}
				JsonObject json = JsonParser.parseString(line).getAsJsonObject();
				List<Passage> negatives = new ArrayList<>();
				json.getAsJsonArray("negatives").forEach((element) -> negatives.add(passage(element.getAsJsonObject())));
				float[] scores = null;
				if (json.has("scores")) {
					JsonArray array = json.getAsJsonArray("scores");
					scores = new float[array.size()];
					for (int i = 0; i < scores.length; i++) {
						scores[i] = array.get(i).getAsFloat();
					}
				}
				examples.add(new TrainingExample(json.get("qid").getAsString(), json.get("query").getAsString(),
						passage(json.getAsJsonObject("positive")), negatives, scores));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(file + ": cannot be read (" + ex.getMessage() + ")", ex);
		}
		return examples;
	}

	private static JsonObject passage(Passage passage) {
		JsonObject json = new JsonObject();
		json.addProperty("id", passage.id());
		json.addProperty("text", passage.text());
		return json;
	}

	private static Passage passage(JsonObject json) {
		return new Passage(json.get("id").getAsString(), json.get("text").getAsString());
	}

}
