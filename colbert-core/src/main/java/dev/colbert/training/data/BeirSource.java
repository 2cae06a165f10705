package dev.colbert.training.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.colbert.training.DataDirectory;
import dev.colbert.training.TrainingExample;
import dev.colbert.training.data.HardNegativeMiner.LabelledQuery;

/**
 * A BEIR folder ({@code corpus.jsonl}, {@code queries.jsonl}, {@code qrels/<split>.tsv}): the judged pairs with a
 * positive score are the positives; hard negatives are mined by the current model over the whole corpus.
 *
 * <p>With a confinement directory, each of the three files must really be inside it (its real path, after every
 * symbolic link), checked right before it is read: a link in the folder cannot make a job read a file elsewhere.
 *
 * @param folder the BEIR folder
 * @param split the qrels split (for example {@code train})
 * @param confinement the directory every file read must be in, or {@code null} for none (local command-line use)
 */
public record BeirSource(Path folder, String split, DataDirectory confinement) implements TrainingDataSource {

	public BeirSource {
		Objects.requireNonNull(folder, "folder");
		if (split == null || split.isBlank() || split.contains("/") || split.contains("\\") || split.contains("..")) {
			throw new IllegalArgumentException("split must be a plain name such as 'train', was '" + split + "'");
		}
	}

	/** A BEIR folder whose files are read wherever their links lead (for local, trusted folders). */
	public BeirSource(Path folder, String split) {
		this(folder, split, null);
	}

	/** The files a job reads: {@code corpus.jsonl}, {@code queries.jsonl} and {@code qrels/<split>.tsv}. */
	public List<Path> files() {
		return List.of(this.folder.resolve("corpus.jsonl"), this.folder.resolve("queries.jsonl"),
				this.folder.resolve("qrels").resolve(this.split + ".tsv"));
	}

	/**
	 * Checks that every file exists and, with a confinement directory, really is inside it.
	 * @return the files to read, in the order of {@link #files()} (their real paths when confined)
	 * @throws IllegalArgumentException naming the first file that is missing or leads outside
	 */
	public List<Path> checkFiles() {
		List<Path> checked = new ArrayList<>(3);
		for (Path required : files()) {
			String name = this.folder.relativize(required).toString();
			if (this.confinement != null) {
				checked.add(this.confinement.requireInside(required, "BEIR file"));
				continue;
			}
			if (!Files.isRegularFile(required)) {
				throw new IllegalArgumentException("BEIR folder " + this.folder + " has no " + name
						+ "; expected corpus.jsonl, queries.jsonl and qrels/" + this.split + ".tsv");
			}
			checked.add(required);
		}
		return checked;
	}

	@Override
	public List<TrainingExample> load(MiningContext context) {
		List<Path> files = checkFiles();
		Path corpusFile = files.get(0);
		Path queriesFile = files.get(1);
		Path qrelsFile = files.get(2);
		Map<String, String> corpus = TextFiles.readCollection(corpusFile);
		Map<String, String> queries = TextFiles.readQueries(queriesFile);
		Map<String, List<String>> positives = readQrels(qrelsFile, corpus, queries);
		List<LabelledQuery> labelled = new ArrayList<>();
		positives.forEach((id, docs) -> labelled.add(new LabelledQuery(id, queries.get(id), docs)));
		DocumentRanker ranker = context.rankers().apply(corpus);
		try {
			return HardNegativeMiner.mine(corpus, labelled, ranker, context);
		}
		finally {
			if (ranker instanceof AutoCloseable closeable) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					// the ranker only releases native memory
				}
			}
		}
	}

	/**
	 * Positive judgments by query, in file order; a header line is skipped.
	 * @throws IllegalArgumentException naming the line of a malformed judgment or of an unknown query or document
	 */
	public static Map<String, List<String>> positives(Path file, Map<String, String> corpus,
			Map<String, String> queries) {
		return readQrels(file, corpus, queries);
	}

	static Map<String, List<String>> readQrels(Path file, Map<String, String> corpus, Map<String, String> queries) {
		Map<String, List<String>> positives = new LinkedHashMap<>();
		TextFiles.forEachLine(file, (number, line) -> {
			String[] columns = line.split("\t");
			if (columns.length < 3) {
				throw new IllegalArgumentException(file + " line " + number
						+ ": expected query-id<TAB>corpus-id<TAB>score");
			}
			if (number == 1 && columns[0].equals("query-id")) {
				return;
			}
			int score;
			try {
				score = Integer.parseInt(columns[2].strip());
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException(file + " line " + number + ": score '" + columns[2]
						+ "' is not an integer", ex);
			}
			if (score <= 0) {
				return;
			}
			if (!queries.containsKey(columns[0])) {
				throw new IllegalArgumentException(file + " line " + number + ": query " + columns[0]
						+ " is not in queries.jsonl");
			}
			if (!corpus.containsKey(columns[1])) {
				throw new IllegalArgumentException(file + " line " + number + ": document " + columns[1]
						+ " is not in corpus.jsonl");
			}
			positives.computeIfAbsent(columns[0], (key) -> new ArrayList<>()).add(columns[1]);
		});
		return positives;
	}

	@Override
	public String describe() {
		return "BEIR " + this.folder.getFileName() + " (" + this.split + ") with negatives mined by the current model";
	}

}
