package dev.colbert.training.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import dev.colbert.training.TrainingExample;
import dev.colbert.training.TrainingExample.Passage;

/**
 * Text triples (ColBERTv1's format): a TSV file of {@code query<TAB>positive passage<TAB>negative passage}, optionally
 * more negative columns. Rows with the same query and positive are merged; a passage's id is its text.
 *
 * @param triples the TSV file
 */
public record TextTriplesSource(Path triples) implements TrainingDataSource {

	public TextTriplesSource {
		Objects.requireNonNull(triples, "triples");
	}

	@Override
	public List<TrainingExample> load(MiningContext context) {
		ExampleGroups groups = new ExampleGroups();
		TextFiles.forEachLine(this.triples, (number, line) -> {
			String[] columns = line.split("\t", -1);
			if (columns.length < 3) {
				throw new IllegalArgumentException(this.triples + " line " + number
						+ ": expected query<TAB>positive<TAB>negative, found " + columns.length + " column(s)");
			}
			for (int i = 0; i < columns.length; i++) {
				if (columns[i].isBlank()) {
					throw new IllegalArgumentException(this.triples + " line " + number + ": column " + (i + 1)
							+ " is empty");
				}
			}
			Passage positive = new Passage(columns[1], columns[1]);
			List<Passage> negatives = new java.util.ArrayList<>();
			for (int i = 2; i < columns.length; i++) {
				negatives.add(new Passage(columns[i], columns[i]));
			}
			groups.add(columns[0], columns[0], positive, negatives, null);
		});
		return groups.examples();
	}

	@Override
	public String describe() {
		return "text triples " + this.triples.getFileName();
	}

}
