package dev.colbert.training.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.regex.Pattern;

import dev.colbert.training.TrainingExample;
import dev.colbert.training.data.HardNegativeMiner.LabelledQuery;

/**
 * Training without labels: pseudo-queries made from the collection itself, each with its own document as the
 * positive and hard negatives mined by the current model over the collection.
 *
 * <p>A document with a title gets its title as query. Otherwise one sentence of 4 to 40 words is sampled as the query
 * and removed from the positive when the document has other sentences (the inverse cloze task of Lee et al., 2019, so
 * that the model learns more than exact overlap); a document without such a sentence gives a span of 8 to 16 words.
 *
 * @param documents the collection
 * @param maxQueries at most this many documents (sampled with the mining seed) make pseudo-queries
 * @param ranker ranks the collection for mining (for example the index's own search); {@code null} to build an
 * exhaustive ranker with the current model
 */
public record PseudoQuerySource(List<CorpusDocument> documents, int maxQueries, DocumentRanker ranker)
		implements TrainingDataSource {

	private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");

	private static final Pattern WHITESPACE = Pattern.compile("\\s+");

	public PseudoQuerySource {
		Objects.requireNonNull(documents, "documents");
		if (maxQueries < 1) {
			throw new IllegalArgumentException("maxQueries must be >= 1, was " + maxQueries);
		}
	}

	/**
	 * A document of the collection.
	 *
	 * @param id its id
	 * @param title its title, or {@code null}
	 * @param text its text (the title is not repeated in it)
	 */
	public record CorpusDocument(String id, String title, String text) {

		/** The text that is encoded: title and text joined by a space. */
		public String encodedText() {
			return (this.title == null || this.title.isBlank()) ? this.text : (this.title + " " + this.text).strip();
		}

	}

	@Override
	public List<TrainingExample> load(MiningContext context) {
		Map<String, String> collection = new LinkedHashMap<>();
		for (CorpusDocument document : this.documents) {
			collection.put(document.id(), document.encodedText());
		}
		Random random = new Random(context.seed());
		List<CorpusDocument> chosen = new ArrayList<>(this.documents);
		Collections.shuffle(chosen, random);
		chosen = chosen.subList(0, Math.min(this.maxQueries, chosen.size()));
		List<LabelledQuery> queries = new ArrayList<>();
		Map<String, String> positives = new LinkedHashMap<>();
		for (CorpusDocument document : chosen) {
			PseudoQuery pseudo = pseudoQuery(document, random);
			if (pseudo == null) {
				continue;
			}
			String positiveId = document.id();
			queries.add(new LabelledQuery("pseudo:" + document.id(), pseudo.query(), List.of(positiveId)));
			positives.put(positiveId, pseudo.positive());
		}
		DocumentRanker ranking = (this.ranker != null) ? this.ranker : context.rankers().apply(collection);
		try {
			List<TrainingExample> mined = HardNegativeMiner.mine(collection, queries, ranking, context);
			// the positive is the document without the sentence that became the query
			List<TrainingExample> examples = new ArrayList<>(mined.size());
			for (TrainingExample example : mined) {
				String text = positives.getOrDefault(example.positive().id(), example.positive().text());
				examples.add(new TrainingExample(example.queryId(), example.query(),
						new TrainingExample.Passage(example.positive().id(), text), example.negatives()));
			}
			return examples;
		}
		finally {
			if (this.ranker == null && ranking instanceof AutoCloseable closeable) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					// the ranker only releases native memory
				}
			}
		}
	}

	/** A pseudo-query and the positive text it pairs with. */
	record PseudoQuery(String query, String positive) {

	}

	static PseudoQuery pseudoQuery(CorpusDocument document, Random random) {
		String text = (document.text() != null) ? document.text().strip() : "";
		if (document.title() != null && WHITESPACE.split(document.title().strip()).length >= 2 && !text.isEmpty()) {
			return new PseudoQuery(document.title().strip(), document.encodedText());
		}
		if (text.isEmpty()) {
			return null;
		}
		String[] sentences = SENTENCE_END.split(text);
		List<Integer> usable = new ArrayList<>();
		for (int i = 0; i < sentences.length; i++) {
			int words = WHITESPACE.split(sentences[i].strip()).length;
			if (words >= 4 && words <= 40) {
				usable.add(i);
			}
		}
		if (!usable.isEmpty()) {
			int pick = usable.get(random.nextInt(usable.size()));
			if (sentences.length == 1) {
				return new PseudoQuery(sentences[pick].strip(), document.encodedText());
			}
			StringBuilder rest = new StringBuilder();
			for (int i = 0; i < sentences.length; i++) {
				if (i != pick) {
					rest.append((rest.length() > 0) ? " " : "").append(sentences[i].strip());
				}
			}
			String positive = (document.title() == null || document.title().isBlank()) ? rest.toString()
					: document.title().strip() + " " + rest;
			return new PseudoQuery(sentences[pick].strip(), positive);
		}
		String[] words = WHITESPACE.split(text);
		if (words.length < 4) {
			return null;
		}
		int length = Math.min(words.length, 8 + random.nextInt(9));
		int start = random.nextInt(words.length - length + 1);
		return new PseudoQuery(String.join(" ", java.util.Arrays.copyOfRange(words, start, start + length)),
				document.encodedText());
	}

	@Override
	public String describe() {
		return "pseudo-queries from " + this.documents.size() + " documents (at most " + this.maxQueries
				+ " queries) with negatives mined by " + ((this.ranker instanceof IndexRanker) ? "the index's own search"
						: "the current model");
	}

}
