package dev.colbert.lexical;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopScoreDocCollector;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.index.DocumentFilter;
import dev.colbert.index.format.MetadataCodec;

/**
 * A Lucene index of document texts for BM25 ({@link BM25Similarity}), kept beside a token-vector index: the lexical
 * side of hybrid retrieval.
 *
 * <h2>Life cycle</h2> {@link #update} and {@link #delete} stage changes; {@link #commit(long)} makes them durable and
 * visible to searches in one Lucene commit, tagged with the generation of the token-vector commit it matches;
 * {@link #rollback()} discards them. Searches see the last commit only. A crash leaves the last commit (Lucene's
 * commits are atomic). {@link LexicalSync} compares that tag with the token-vector index when a store opens and
 * repairs any difference from the stored texts, so the two sides always end up holding the same documents.
 *
 * <h2>Layout</h2> A Lucene 9 index in its own directory (the stores use {@code lexical/} inside the ColBERT index
 * directory, which the token-vector index leaves alone). One Lucene document per document:
 * <pre>
 * id            StringField (updates and deletes by id) + BinaryDocValues (read back for hits)
 * text          TextField, analysed with the settings' analyzer, not stored (the token-vector index keeps the text)
 * metadata      BinaryDocValues, the MetadataCodec encoding: filters are tested on it
 * m.&lt;key&gt;       StringField per metadata value: the filter's candidates ({@link MetadataTerms})
 * content_hash  NumericDocValues, {@link ContentHash} of text and metadata (for {@link LexicalSync})
 * commit data   colbert.generation (the token-vector commit this commit matches), colbert.analyzer,
 *               colbert.lexical.format (1)
 * </pre>
 * An unreadable or foreign directory is emptied and rebuilt from the stored texts rather than refused: everything in
 * it can be derived from the token-vector index.
 *
 * <h2>Concurrency</h2> Writes are serialized; searches run concurrently with them on the last commit.
 */
public final class LexicalIndex implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LexicalIndex.class);

	/** The sub-directory of a ColBERT index directory the stores keep the lexical index in. */
	public static final String DIRECTORY_NAME = "lexical";

	static final String ID = "id";

	static final String TEXT = "text";

	static final String METADATA = "metadata";

	static final String CONTENT_HASH = "content_hash";

	static final String GENERATION_KEY = "colbert.generation";

	static final String ANALYZER_KEY = "colbert.analyzer";

	static final String FORMAT_KEY = "colbert.lexical.format";

	static final String FORMAT = "1";

	private final Path path;

	private final LexicalSettings settings;

	private final Analyzer analyzer;

	private final BM25Similarity similarity;

	private final Directory directory;

	private final SearcherManager searchers;

	private final Object writeMonitor = new Object();

	private IndexWriter writer;

	private volatile long generation;

	private volatile String committedAnalyzer;

	private volatile boolean closed;

	private LexicalIndex(Path path, LexicalSettings settings, Analyzer analyzer, Directory directory,
			IndexWriter writer) throws IOException {
		this.path = path;
		this.settings = settings;
		this.analyzer = analyzer;
		this.similarity = new BM25Similarity(settings.k1(), settings.b());
		this.directory = directory;
		this.writer = writer;
		Map<String, String> data = SegmentInfos.readLatestCommit(directory).getUserData();
		this.generation = Long.parseLong(data.getOrDefault(GENERATION_KEY, "-1"));
		this.committedAnalyzer = data.get(ANALYZER_KEY);
		BM25Similarity similarity = this.similarity;
		this.searchers = new SearcherManager(directory, new SearcherFactory() {

			@Override
			public IndexSearcher newSearcher(org.apache.lucene.index.IndexReader reader,
					org.apache.lucene.index.IndexReader previous) {
				IndexSearcher searcher = new IndexSearcher(reader);
				searcher.setSimilarity(similarity);
				return searcher;
			}

		});
	}

	/**
	 * Opens the lexical index in {@code path}, creating it when missing. A directory Lucene cannot read, or one written
	 * in another layout, is emptied (with a warning) and starts empty: {@link LexicalSync} rebuilds it.
	 * @throws IllegalArgumentException when the analyzer name is unknown
	 * @throws UncheckedIOException when the directory cannot be created or written
	 */
	public static LexicalIndex open(Path path, LexicalSettings settings) {
		Objects.requireNonNull(path, "path");
		Objects.requireNonNull(settings, "settings");
		Analyzer analyzer = LexicalAnalyzers.create(settings.analyzer());
		try {
			Files.createDirectories(path);
			try {
				return openOrCreate(path, settings, analyzer);
			}
			catch (IOException | NumberFormatException ex) {
				if (ex instanceof LockObtainFailedException) {
					throw (LockObtainFailedException) ex;
				}
				logger.warn("The lexical index at {} cannot be read ({}); it is emptied and rebuilt from the stored texts",
						path, ex.toString());
				deleteContents(path);
				return openOrCreate(path, settings, analyzer);
			}
		}
		catch (IOException ex) {
			analyzer.close();
			throw new UncheckedIOException("Cannot open the lexical index at " + path + ": " + ex.getMessage(), ex);
		}
		catch (RuntimeException ex) {
			analyzer.close();
			throw ex;
		}
	}

	private static LexicalIndex openOrCreate(Path path, LexicalSettings settings, Analyzer analyzer)
			throws IOException {
		Directory directory = FSDirectory.open(path);
		IndexWriter writer = null;
		try {
			writer = new IndexWriter(directory, writerConfig(settings, analyzer));
			Map<String, String> data = DirectoryReader.indexExists(directory)
					? SegmentInfos.readLatestCommit(directory).getUserData() : Map.of();
			if (!DirectoryReader.indexExists(directory) || !FORMAT.equals(data.get(FORMAT_KEY))) {
				if (DirectoryReader.indexExists(directory)) {
					logger.warn("The lexical index at {} has layout {} (this library writes {}): it is rebuilt", path,
							data.get(FORMAT_KEY), FORMAT);
					writer.deleteAll();
				}
				writer.setLiveCommitData(commitData(-1, settings.analyzer()).entrySet(), true);
				writer.commit();
			}
			return new LexicalIndex(path, settings, analyzer, directory, writer);
		}
		catch (IOException | RuntimeException ex) {
			if (writer != null) {
				writer.rollback();
			}
			directory.close();
			throw ex;
		}
	}

	private static IndexWriterConfig writerConfig(LexicalSettings settings, Analyzer analyzer) {
		return new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
			.setSimilarity(new BM25Similarity(settings.k1(), settings.b()))
			.setCommitOnClose(false);
	}

	private static Map<String, String> commitData(long generation, String analyzer) {
		return Map.of(GENERATION_KEY, Long.toString(generation), ANALYZER_KEY, analyzer, FORMAT_KEY, FORMAT);
	}

	private static void deleteContents(Path path) throws IOException {
		try (Stream<Path> files = Files.walk(path)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				if (!file.equals(path)) {
					Files.delete(file);
				}
			}
		}
	}

	// ---------------------------------------------------------------- writes

	/** Stages documents, each replacing any document with its id. */
	public void update(List<LexicalDocument> documents) {
		Objects.requireNonNull(documents, "documents");
		synchronized (this.writeMonitor) {
			ensureOpen();
			try {
				for (LexicalDocument document : documents) {
					this.writer.updateDocument(new Term(ID, document.id()), luceneDocument(document));
				}
			}
			catch (IOException ex) {
				throw failure("stage documents", ex);
			}
		}
	}

	private static Document luceneDocument(LexicalDocument source) {
		Document document = new Document();
		document.add(new StringField(ID, source.id(), Field.Store.NO));
		document.add(new BinaryDocValuesField(ID, new BytesRef(source.id())));
		document.add(new TextField(TEXT, source.text(), Field.Store.NO));
		document.add(new BinaryDocValuesField(METADATA, new BytesRef(MetadataCodec.encode(source.metadata()))));
		document.add(new NumericDocValuesField(CONTENT_HASH, ContentHash.of(source.text(), source.metadata())));
		MetadataTerms.addFields(document, source.metadata());
		return document;
	}

	/** Stages the deletion of the documents with these ids (unknown ids are ignored). */
	public void delete(Collection<String> ids) {
		Objects.requireNonNull(ids, "ids");
		if (ids.isEmpty()) {
			return;
		}
		Term[] terms = ids.stream().filter(Objects::nonNull).map((id) -> new Term(ID, id)).toArray(Term[]::new);
		synchronized (this.writeMonitor) {
			ensureOpen();
			try {
				this.writer.deleteDocuments(terms);
			}
			catch (IOException ex) {
				throw failure("stage deletes", ex);
			}
		}
	}

	/** Stages the deletion of every document. */
	public void deleteAll() {
		synchronized (this.writeMonitor) {
			ensureOpen();
			try {
				this.writer.deleteAll();
			}
			catch (IOException ex) {
				throw failure("stage the deletion of every document", ex);
			}
		}
	}

	/**
	 * Makes the staged changes durable and visible, in one commit tagged with the token-vector commit they match. A
	 * commit with nothing staged still records the tag. On failure the staged changes are discarded (the index stays
	 * at its previous commit) and the exception propagates.
	 * @param generation the generation of the token-vector commit this commit matches
	 */
	public void commit(long generation) {
		synchronized (this.writeMonitor) {
			ensureOpen();
			try {
				this.writer.setLiveCommitData(commitData(generation, this.settings.analyzer()).entrySet(), true);
				this.writer.commit();
				this.generation = generation;
				this.committedAnalyzer = this.settings.analyzer();
				this.searchers.maybeRefreshBlocking();
			}
			catch (IOException | RuntimeException ex) {
				rollbackQuietly(ex);
				throw (ex instanceof IOException io) ? failure("commit", io) : (RuntimeException) ex;
			}
		}
	}

	/** Discards the staged changes. */
	public void rollback() {
		synchronized (this.writeMonitor) {
			ensureOpen();
			try {
				reopenWriter();
			}
			catch (IOException ex) {
				throw failure("roll back", ex);
			}
		}
	}

	private void rollbackQuietly(Exception cause) {
		try {
			reopenWriter();
		}
		catch (IOException | RuntimeException ex) {
			cause.addSuppressed(ex);
		}
	}

	/** IndexWriter.rollback() closes the writer: a new one continues from the last commit. */
	private void reopenWriter() throws IOException {
		IndexWriter previous = this.writer;
		this.writer = null;
		if (previous != null) {
			previous.rollback();
		}
		this.writer = new IndexWriter(this.directory, writerConfig(this.settings, this.analyzer));
	}

	// ---------------------------------------------------------------- reads

	/**
	 * The BM25 top {@code n} of the committed documents the filter accepts ({@code null}: all), best first; ties go to
	 * the document indexed first. The filter's candidates restrict the query, and its test is applied to every
	 * document that matches a query term, so the result is the top {@code n} matching documents.
	 * @param text the query, analysed like the documents; no result when nothing of it remains (stop words only)
	 */
	public List<LexicalHit> search(String text, int n, DocumentFilter filter) {
		Objects.requireNonNull(text, "text");
		if (n < 1) {
			throw new IllegalArgumentException("n must be at least 1, was " + n);
		}
		ensureOpen();
		Query query = QueryTerms.bm25Query(this.analyzer, TEXT, text);
		if (query == null) {
			return List.of();
		}
		if (filter != null) {
			Query candidates = MetadataTerms.query(filter.candidates(), ID);
			if (candidates != null) {
				query = new BooleanQuery.Builder().add(query, BooleanClause.Occur.MUST)
					.add(candidates, BooleanClause.Occur.FILTER)
					.build();
			}
		}
		try {
			IndexSearcher searcher = this.searchers.acquire();
			try {
				int size = Math.min(n, Math.max(1, searcher.getIndexReader().maxDoc()));
				TopScoreDocCollector top = TopScoreDocCollector.create(size, size);
				searcher.search(query, (filter != null) ? new FilteringCollector(top, filter) : top);
				return hits(searcher, top.topDocs().scoreDocs);
			}
			finally {
				this.searchers.release(searcher);
			}
		}
		catch (IOException ex) {
			throw failure("search", ex);
		}
	}

	private static List<LexicalHit> hits(IndexSearcher searcher, ScoreDoc[] docs) throws IOException {
		ScoreDoc[] byDoc = docs.clone();
		Arrays.sort(byDoc, Comparator.comparingInt((ScoreDoc d) -> d.doc));
		List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
		Map<Integer, String> ids = new HashMap<>();
		int leaf = -1;
		BinaryDocValues values = null;
		for (ScoreDoc doc : byDoc) {
			int index = ReaderUtil.subIndex(doc.doc, leaves);
			if (index != leaf) {
				leaf = index;
				values = DocValues.getBinary(leaves.get(index).reader(), ID);
			}
			if (values.advanceExact(doc.doc - leaves.get(index).docBase)) {
				ids.put(doc.doc, values.binaryValue().utf8ToString());
			}
		}
		return Arrays.stream(docs).filter((d) -> ids.containsKey(d.doc))
			.map((d) -> new LexicalHit(ids.get(d.doc), d.score))
			.toList();
	}

	/** Id to {@link ContentHash} of every committed document (for {@link LexicalSync} and checks). */
	public Map<String, Long> contentHashes() {
		ensureOpen();
		try {
			IndexSearcher searcher = this.searchers.acquire();
			try {
				Map<String, Long> hashes = new HashMap<>();
				for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
					Bits live = leaf.reader().getLiveDocs();
					BinaryDocValues ids = DocValues.getBinary(leaf.reader(), ID);
					NumericDocValues contentHashes = DocValues.getNumeric(leaf.reader(), CONTENT_HASH);
					for (int doc = ids.nextDoc(); doc != BinaryDocValues.NO_MORE_DOCS; doc = ids.nextDoc()) {
						if ((live == null || live.get(doc)) && contentHashes.advanceExact(doc)) {
							hashes.put(ids.binaryValue().utf8ToString(), contentHashes.longValue());
						}
					}
				}
				return hashes;
			}
			finally {
				this.searchers.release(searcher);
			}
		}
		catch (IOException ex) {
			throw failure("read the document ids", ex);
		}
	}

	/** The committed documents. */
	public int documents() {
		ensureOpen();
		try {
			IndexSearcher searcher = this.searchers.acquire();
			try {
				return searcher.getIndexReader().numDocs();
			}
			finally {
				this.searchers.release(searcher);
			}
		}
		catch (IOException ex) {
			throw failure("count documents", ex);
		}
	}

	/** Bytes on disk of the committed index. */
	public long sizeInBytes() {
		try (Stream<Path> files = Files.list(this.path)) {
			return files.filter(Files::isRegularFile).mapToLong((file) -> {
				try {
					return Files.size(file);
				}
				catch (IOException ex) {
					return 0L;
				}
			}).sum();
		}
		catch (IOException ex) {
			return 0L;
		}
	}

	/** The generation of the token-vector commit the last commit matches, or -1 before the first. */
	public long generation() {
		return this.generation;
	}

	/** Whether the last commit was analysed with another analyzer than the settings name (then it must be rebuilt). */
	public boolean analyzerChanged() {
		return !this.settings.analyzer().equals(this.committedAnalyzer);
	}

	/** Explains lexical matches with this index's analyzer. */
	public LexicalExplainer explainer() {
		return new LexicalExplainer(this.analyzer);
	}

	public LexicalSettings settings() {
		return this.settings;
	}

	public Path path() {
		return this.path;
	}

	private void ensureOpen() {
		if (this.closed) {
			throw new IllegalStateException("The lexical index at " + this.path + " is closed");
		}
	}

	private UncheckedIOException failure(String what, IOException ex) {
		return new UncheckedIOException("Lexical index at " + this.path + ": cannot " + what + ": " + ex.getMessage(),
				ex);
	}

	/** Discards staged changes and releases the files. */
	@Override
	public void close() {
		synchronized (this.writeMonitor) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			try {
				this.searchers.close();
				if (this.writer != null) {
					this.writer.rollback();
				}
				this.directory.close();
			}
			catch (IOException ex) {
				throw failure("close", ex);
			}
			finally {
				this.analyzer.close();
			}
		}
	}

}
