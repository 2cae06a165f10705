package dev.colbert.index;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.codec.CodecTrainer;
import dev.colbert.index.codec.ResidualCodec;
import dev.colbert.index.format.Manifest;
import dev.colbert.index.format.ManifestFormat;
import dev.colbert.index.format.SegmentDocuments;
import dev.colbert.index.format.SegmentInfo;
import dev.colbert.search.LateInteractionSearch;
import dev.colbert.search.PlaidSearcher;
import dev.colbert.search.ScoredDoc;
import dev.colbert.search.SearchParams;
import dev.colbert.search.SearchResult;
import dev.colbert.search.SearchSegment;
import dev.colbert.search.SearchThreads;
import dev.colbert.search.SearchTrace;

/**
 * A ColBERTv2 residual-compressed token-vector index with PLAID search, stored in one directory.
 *
 * <h2>Life cycle</h2> {@link #open} creates or opens the index for one encoder (fingerprint and dimension; another
 * encoder is refused with {@link ModelMismatchException}). {@link #add} and {@link #delete} stage changes; nothing is
 * visible to searches or durable until {@link #commit()}, which writes new immutable files and then atomically
 * publishes a new commit point. A crash at any moment leaves the last completed commit intact. Only one instance may
 * open a directory (a {@code write.lock} file lock).
 *
 * <h2>Codec training</h2> The first commit that holds vectors trains the codec (k-means centroids and residual
 * buckets, see {@link CodecTrainer}) on a reference-sized sample of the documents being committed, planning the
 * centroid count for their size. For bulk loads call {@link #train(Iterable, long)} first with a sample and the
 * expected collection size, as the reference indexer does. Later documents are encoded with the existing centroids.
 *
 * <p>Adaptive training ({@link IndexSettings#adaptiveTraining()}, on by default) keeps the codec fitted while a small
 * index grows by many small commits: each segment also stores its documents' original vectors in half precision, and a
 * commit that finds the live collection {@link IndexSettings#retrainGrowthFactor()} times (default 2) larger than the
 * size the codec was planned for trains a new codec on a sample of those originals and re-encodes every live
 * document from them, exactly as if the collection had been committed at once. This happens inside the commit, under
 * the usual protocol (new codec and segment files first, then the commit point), so a crash leaves the previous commit
 * intact and searches keep running on it meanwhile. Once the next retraining point would exceed
 * {@link IndexSettings#adaptiveTrainingMaxVectors()} the originals are dropped; from then on, when the collection
 * grows past {@link IndexSettings#reclusterGrowthFactor()} times the planned size,
 * {@link IndexStats#reclusterAdvisable()} turns true with a reason and {@link #recluster()} rebuilds the centroids
 * from the decompressed vectors.
 *
 * <h2>Concurrency</h2> Searches never block: each runs against an immutable snapshot of the last commit. Writes
 * ({@code add}, {@code delete}, {@code commit}, {@code compact}, {@code recluster}) are serialized. All methods are
 * thread-safe.
 *
 * <h2>Files</h2> See {@link IndexDirectory} for names and {@code dev.colbert.index.format} for the byte layouts.
 */
public final class ColbertIndex implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ColbertIndex.class);

	/**
	 * The format version written into commit points: 2 adds the segments' source vector files of adaptive training
	 * ({@code SegmentInfo.sourceFile}); version 1 indexes are read as well.
	 */
	public static final int FORMAT_VERSION = 2;

	/** The oldest commit point format version this library reads. */
	public static final int MIN_FORMAT_VERSION = 1;

	private final IndexDirectory directory;

	private final IndexSettings settings;

	private final String modelFingerprint;

	private final int dim;

	private final ReentrantLock writeLock = new ReentrantLock();

	private final SearchThreads searchThreads;

	private volatile Snapshot current;

	private volatile boolean closed;

	private final StagedChanges staged = new StagedChanges();


	private ColbertIndex(IndexDirectory directory, IndexSettings settings, String modelFingerprint, int dim,
			Snapshot snapshot) {
		this.directory = directory;
		this.settings = settings;
		this.modelFingerprint = modelFingerprint;
		this.dim = dim;
		this.current = snapshot;
		this.searchThreads = SearchThreads.create(settings.searchThreads());
	}

	/**
	 * Opens the index in {@code directory}, creating it (and the directory) if there is none.
	 * @param settings compression and maintenance settings; {@code nbits} must match an existing index
	 * @param modelFingerprint the encoder's fingerprint ({@code EncoderInfo.fingerprint()})
	 * @param dim the encoder's vector dimension
	 * @throws ModelMismatchException if the index was built by another encoder
	 * @throws CorruptIndexException if a file of the last commit is missing or damaged
	 * @throws IndexLockedException if another instance has the directory open
	 */
	public static ColbertIndex open(Path directory, IndexSettings settings, String modelFingerprint, int dim) {
		Objects.requireNonNull(directory, "directory");
		Objects.requireNonNull(settings, "settings");
		if (modelFingerprint == null || modelFingerprint.isBlank()) {
			throw new IllegalArgumentException("modelFingerprint must not be blank: pass EncoderInfo.fingerprint()");
		}
		if (dim <= 0 || dim > 65_536) {
			throw new IllegalArgumentException("dim must be between 1 and 65,536, was " + dim);
		}
		IndexDirectory dir = IndexDirectory.lock(directory.toAbsolutePath());
		try {
			long generation = dir.latestGeneration();
			Manifest manifest;
			if (generation < 0) {
				manifest = new Manifest(FORMAT_VERSION, 1, System.currentTimeMillis(), modelFingerprint, dim,
						settings.nbits(), settings.centroidBits(), null, List.of(), 1, Map.of());
				ManifestFormat.commit(dir.path(), manifest);
				logger.info("Created index at {} for model {} (dim {}, nbits {})", dir.path(), modelFingerprint, dim,
						settings.nbits());
			}
			else {
				manifest = ManifestFormat.read(dir.resolve(ManifestFormat.fileName(generation)));
				if (!manifest.modelFingerprint().equals(modelFingerprint) || manifest.dim() != dim) {
					throw new ModelMismatchException(dir.path(), manifest.modelFingerprint(), manifest.dim(),
							modelFingerprint, dim);
				}
				if (manifest.formatVersion() < MIN_FORMAT_VERSION || manifest.formatVersion() > FORMAT_VERSION) {
					throw new CorruptIndexException(dir.resolve(ManifestFormat.fileName(generation)),
							"index format version " + manifest.formatVersion() + " is not supported (this library reads "
									+ MIN_FORMAT_VERSION + " to " + FORMAT_VERSION + ")");
				}
				if (manifest.nbits() != settings.nbits()) {
					throw new IllegalArgumentException("Index at " + dir.path() + " was created with nbits "
							+ manifest.nbits() + " but the settings ask for nbits " + settings.nbits()
							+ "; nbits is fixed at creation: use " + manifest.nbits() + " or build a new index");
				}
			}
			Snapshot snapshot = SnapshotLoader.load(dir, manifest, settings);
			dir.deleteUnreferenced(manifest);
			ColbertIndex index = new ColbertIndex(dir, settings, modelFingerprint, dim, snapshot);
			logger.info("Opened index at {}: generation {}, {} documents, {} token vectors, {} segments", dir.path(),
					manifest.generation(), manifest.liveDocuments(), manifest.liveVectors(),
					manifest.segments().size());
			return index;
		}
		catch (RuntimeException ex) {
			dir.unmapUnreferenced();
			dir.close();
			throw ex;
		}
	}

	// ---------------------------------------------------------------- writes

	/**
	 * Stages documents for the next commit; a document whose id exists (committed or staged) replaces it. All
	 * documents are validated first: on a bad one nothing is staged.
	 * @throws IllegalArgumentException naming the offending document: null document, blank id, null text or vectors,
	 * no vectors, wrong dimension, non-finite values, invalid metadata, or an id repeated within the batch
	 */
	public void add(List<IndexDocument> documents) {
		Objects.requireNonNull(documents, "documents");
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < documents.size(); i++) {
			DocumentValidator.validate(documents.get(i), i, seen, this.dim, this.modelFingerprint);
		}
		this.writeLock.lock();
		try {
			ensureOpen();
			Snapshot snapshot = this.current;
			for (IndexDocument document : documents) {
				this.staged.add(snapshot, document);
			}
			this.staged.publishCounts();
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/**
	 * Stages deletion of the documents with these ids (committed or staged); unknown ids are ignored.
	 * @return how many of the ids named a live document
	 */
	public int delete(Collection<String> ids) {
		Objects.requireNonNull(ids, "ids");
		this.writeLock.lock();
		try {
			ensureOpen();
			Snapshot snapshot = this.current;
			int deleted = 0;
			for (String id : new LinkedHashSet<>(ids)) {
				if (id == null) {
					continue;
				}
				if (this.staged.delete(snapshot, id)) {
					deleted++;
				}
			}
			this.staged.publishCounts();
			return deleted;
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/**
	 * Stages deletion of every committed or staged document the filter matches.
	 * @return how many documents matched
	 */
	public int delete(DocumentFilter filter) {
		Objects.requireNonNull(filter, "filter");
		this.writeLock.lock();
		try {
			ensureOpen();
			return delete(this.staged.matching(this.current, filter));
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/**
	 * Trains the codec now from a sample of the collection, before the first vectors are committed: the way to build
	 * a large index (the reference samples {@code 16 * sqrt(120 * passages)} passages, see
	 * {@link CodecTrainer#referenceSampleDocuments(int)}). The codec is written with the next commit.
	 * @param sample token vectors of sampled documents; iterated twice (see
	 * {@link CodecTrainer#train(Iterable, long)}), so it may produce its documents lazily
	 * @param plannedVectors the expected number of token vectors in the collection (sets the centroid count)
	 * @throws IllegalStateException if the index already has a codec (use {@link #recluster()})
	 */
	public void train(Iterable<TokenVectors> sample, long plannedVectors) {
		Objects.requireNonNull(sample, "sample");
		if (plannedVectors < 1) {
			throw new IllegalArgumentException("plannedVectors must be at least 1, was " + plannedVectors);
		}
		this.writeLock.lock();
		try {
			ensureOpen();
			if (this.current.centroids() != null) {
				throw new IllegalStateException("Index at " + this.directory.path()
						+ " already has a codec; use recluster() to rebuild its centroids");
			}
			this.staged.codec(new CodecTrainer(this.settings.trainingOptions()).train(sample, plannedVectors, this.dim));
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/**
	 * Adopts a codec trained elsewhere, before the first vectors are committed: for example the codec that an
	 * OpenSearch PLAID index keeps in its cluster, so that this index compresses and searches exactly as the cluster
	 * does. The codec is written with the next commit. Like a codec that the index trained, it is retrained when the
	 * collection outgrows its planned size if {@link IndexSettings#adaptiveTraining()} is on: turn that off to keep it.
	 * @param codec a codec of this index's dim, nbits and centroid bits
	 * @throws IllegalArgumentException if the codec's dim, nbits or centroid bits differ from this index's
	 * @throws IllegalStateException if the index already has a codec (use {@link #recluster()})
	 */
	public void useCodec(ResidualCodec codec) {
		Objects.requireNonNull(codec, "codec");
		this.writeLock.lock();
		try {
			ensureOpen();
			Manifest manifest = this.current.manifest();
			if (codec.dim() != this.dim || codec.nbits() != manifest.nbits()
					|| codec.centroidBits() != manifest.centroidBits()) {
				throw new IllegalArgumentException("The codec has dim " + codec.dim() + ", nbits " + codec.nbits()
						+ " and centroid bits " + codec.centroidBits() + " but the index at " + this.directory.path()
						+ " has dim " + this.dim + ", nbits " + manifest.nbits() + " and centroid bits "
						+ manifest.centroidBits() + "; create the index with the codec's settings");
			}
			if (this.current.centroids() != null) {
				throw new IllegalStateException("Index at " + this.directory.path()
						+ " already has a codec; use recluster() to rebuild its centroids");
			}
			this.staged.codec(codec);
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/** Discards the staged (uncommitted) adds, deletes and codec. */
	public void rollback() {
		this.writeLock.lock();
		try {
			ensureOpen();
			this.staged.clear();
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/**
	 * Makes the staged changes durable and visible: writes new files, then atomically publishes a new commit point.
	 * Merges segments when there are more than {@link IndexSettings#mergeFactor()}. On failure nothing is published and
	 * the staged changes are kept.
	 * @return the commit generation (unchanged if nothing was staged)
	 */
	public long commit() {
		return commit(false);
	}

	/**
	 * Commits staged changes, then merges all segments into one without deleted documents, reclaiming their space.
	 * @return the commit generation
	 */
	public long compact() {
		return commit(true);
	}

	private long commit(boolean mergeAll) {
		this.writeLock.lock();
		try {
			ensureOpen();
			Snapshot base = this.current;
			Manifest manifest = base.manifest();
			boolean hasAdds = this.staged.addCount() > 0;
			boolean hasDeletes = this.staged.deleteCount() > 0;
			boolean newCodec = this.staged.codec() != null && base.centroids() == null;
			boolean needsMerge = mergeAll && (base.segments().size() > 1
					|| (base.segments().size() == 1 && base.segments().get(0).deleted().deletedCount() > 0));
			if (!hasAdds && !hasDeletes && !newCodec && !needsMerge) {
				return manifest.generation();
			}
			FileNumbers numbers = new FileNumbers(manifest.nextFileNumber());
			List<String> created = new ArrayList<>();
			SegmentWriteState state = new SegmentWriteState(this.directory, this.settings, this.dim, logger, numbers,
					created);
			SegmentWriter writer = new SegmentWriter(state);
			SharedCentroids centroids = base.centroids();
			boolean ownsCentroids = false;
			try {
				long liveAfter = this.staged.liveVectorsAfter(base);
				boolean sourcesComplete = hasAllSources(base);
				ResidualCodec codec = (centroids != null) ? centroids.codec() : null;
				boolean firstTraining = codec == null && this.staged.codec() == null && hasAdds;
				boolean retrain = codec != null && hasAdds && this.settings.adaptiveTraining() && sourcesComplete
						&& liveAfter >= this.settings.retrainGrowthFactor() * codec.plannedVectors();
				if (firstTraining || retrain) {
					if (retrain) {
						logger.info("Retraining the codec: the index grew to {} token vectors, {}x the {} its codec was "
								+ "trained for (retrainGrowthFactor {})", liveAfter,
								String.format("%.1f", (double) liveAfter / codec.plannedVectors()), codec.plannedVectors(),
								this.settings.retrainGrowthFactor());
					}
					Manifest next = new CodecRebuild(state, writer, new SegmentMerger(state, writer)).rebuild(base,
							this.staged.deletes(), this.staged.adds(),
							(rebuilt, segments) -> publish(base, rebuilt, true, segments, numbers));
					this.staged.clear();
					return next.generation();
				}
				if (centroids == null && newCodec) {
					centroids = writer.writeCodec(this.staged.codec());
					ownsCentroids = true;
				}
				boolean keepSources = centroids != null
						&& CodecRebuild.keepSources(this.settings, centroids.codec(), sourcesComplete);
				List<SegmentReader> segments = writer.applyDeletes(base.segments(), this.staged.deletes());
				if (!keepSources) {
					segments.replaceAll(SegmentReader::withoutSources);
				}
				if (hasAdds) {
					List<IndexDocument> documents = new ArrayList<>(this.staged.adds());
					EncodedBatch batch = EncodedBatch.encode(documents, centroids.codec(), centroids.matrix());
					segments.add(writer.writeSegment("seg_" + numbers.next(), batch, batch,
							keepSources ? (doc) -> documents.get(doc).vectors() : null, centroids));
				}
				new SegmentMerger(state, writer).merge(segments, centroids, mergeAll);
				Manifest next = publish(base, centroids, ownsCentroids, segments, numbers);
				this.staged.clear();
				return next.generation();
			}
			catch (RuntimeException | Error ex) {
				if (ownsCentroids) {
					centroids.decRef();
				}
				for (String name : created) {
					this.directory.delete(name);
				}
				throw ex;
			}
		}
		finally {
			this.directory.unmapUnreferenced();
			this.writeLock.unlock();
		}
	}

	/** Whether every segment keeps its documents' source vectors (true for an index without segments). */
	static boolean hasAllSources(Snapshot snapshot) {
		for (SegmentReader reader : snapshot.segments()) {
			if (reader.sources() == null) {
				return false;
			}
		}
		return true;
	}

	/** Writes the commit point and swaps the snapshot; after this nothing may fail. */
	private Manifest publish(Snapshot base, SharedCentroids centroids, boolean ownsCentroids,
			List<SegmentReader> segments, FileNumbers numbers) {
		Manifest previous = base.manifest();
		List<SegmentInfo> infos = new ArrayList<>();
		for (SegmentReader reader : segments) {
			infos.add(reader.info());
		}
		Manifest next = new Manifest(FORMAT_VERSION, previous.generation() + 1, System.currentTimeMillis(),
				this.modelFingerprint, this.dim, previous.nbits(), previous.centroidBits(),
				(centroids != null) ? centroids.file() : null, infos, numbers.peek(), previous.userData());
		ManifestFormat.commit(this.directory.path(), next);
		if (centroids != null && !ownsCentroids) {
			centroids.incRef();
		}
		this.current = new Snapshot(next, centroids, segments);
		base.decRef();
		this.directory.deleteUnreferenced(next);
		logger.debug("Committed generation {}: {} documents, {} vectors, {} segments", next.generation(),
				next.liveDocuments(), next.liveVectors(), infos.size());
		return next;
	}

	/**
	 * Rebuilds the centroids and buckets for the current collection size from a reference-sized sample of the live
	 * documents and re-encodes every document. Commits staged changes first. Documents are read from their source
	 * vectors where the index keeps them (adaptive training, see {@link IndexSettings#adaptiveTraining()}); otherwise
	 * they are re-encoded from their decompressed form, which adds a second quantization error (for best quality
	 * rebuild from text with the encoder instead). Progress is logged.
	 * @return the commit generation
	 */
	public long recluster() {
		this.writeLock.lock();
		try {
			commit(false);
			Snapshot base = this.current;
			if (base.centroids() == null || base.manifest().liveVectors() == 0) {
				return base.manifest().generation();
			}
			FileNumbers numbers = new FileNumbers(base.manifest().nextFileNumber());
			List<String> created = new ArrayList<>();
			SegmentWriteState state = new SegmentWriteState(this.directory, this.settings, this.dim, logger, numbers,
					created);
			try {
				SegmentWriter writer = new SegmentWriter(state);
				return new CodecRebuild(state, writer, new SegmentMerger(state, writer))
						.rebuild(base, Map.of(), List.of(), (rebuilt, segments) -> publish(base, rebuilt, true, segments,
								numbers))
						.generation();
			}
			catch (RuntimeException | Error ex) {
				for (String name : created) {
					this.directory.delete(name);
				}
				throw ex;
			}
		}
		finally {
			this.directory.unmapUnreferenced();
			this.writeLock.unlock();
		}
	}

	// ---------------------------------------------------------------- reads

	/** MaxSim top-k of the committed documents, best first. */
	public List<SearchHit> search(TokenVectors query, SearchParams params) {
		return search(query, params, null);
	}

	/**
	 * MaxSim top-k of the committed documents the filter accepts (null for all), best first.
	 * @throws IllegalArgumentException if the query is empty, has another dimension or non-finite values
	 */
	public List<SearchHit> search(TokenVectors query, SearchParams params, DocumentFilter filter) {
		return searchWithTrace(query, params, filter).hits();
	}

	/**
	 * Like {@link #search(TokenVectors, SearchParams, DocumentFilter)}, also reporting the stages and timings.
	 *
	 * <p>With a filter, the filter is evaluated first, on the live documents its {@link DocumentFilter#candidates()}
	 * name in the segments' metadata postings (on every live document when it states none). If it accepts at most
	 * {@code ndocs} documents, they are all scored exactly; otherwise PLAID runs over the accepted documents only,
	 * widening {@code ncells} until stage 1 finds at least {@code ndocs} of them (see {@link PlaidSearcher}).
	 */
	public SearchResponse searchWithTrace(TokenVectors query, SearchParams params, DocumentFilter filter) {
		Objects.requireNonNull(query, "query");
		Objects.requireNonNull(params, "params");
		if (query.dim() != this.dim) {
			throw new IllegalArgumentException("query vectors have dim " + query.dim() + " but this index holds dim "
					+ this.dim + " vectors of model " + this.modelFingerprint);
		}
		if (query.count() == 0) {
			throw new IllegalArgumentException("query has no token vectors");
		}
		for (float v : query.data()) {
			if (!Float.isFinite(v)) {
				throw new IllegalArgumentException("query has a non-finite value (" + v + ")");
			}
		}
		Snapshot snapshot = acquire();
		try {
			if (snapshot.centroids() == null || snapshot.manifest().liveDocuments() == 0) {
				return new SearchResponse(List.of(), new SearchTrace(params.mode(), 0, 0, 0, 0, 0, 0), 0);
			}
			int nq = query.count();
			LateInteractionSearch.Stage0 stage0 = LateInteractionSearch.stage0(snapshot.centroids().codec(),
					snapshot.centroids().matrix(), query.data(), nq, params.ncells(), this.searchThreads);
			List<SearchSegment> segments = new ArrayList<>(snapshot.segments().size());
			for (SegmentReader reader : snapshot.segments()) {
				segments.add(new SearchSegment(reader.vectors(), reader.accepted(filter)));
			}
			SearchResult result = LateInteractionSearch.search(stage0.scorer(), segments, filter != null, params,
					this.searchThreads);
			List<SearchHit> hits = new ArrayList<>(result.docs().size());
			for (ScoredDoc scored : result.docs()) {
				SegmentDocuments stored = snapshot.segments().get(scored.segment()).documents();
				hits.add(new SearchHit(stored.id(scored.doc()), scored.maxSim(), scored.maxSim() / nq,
						stored.text(scored.doc()), stored.metadata(scored.doc())));
			}
			return new SearchResponse(hits, result.trace(), stage0.centroidNanos());
		}
		finally {
			snapshot.decRef();
		}
	}

	/**
	 * The ids of the committed live documents, segment by segment in the order they were committed (staged changes are
	 * not included). A consistent view of one commit: later writes do not change the returned list.
	 */
	public List<String> documentIds() {
		Snapshot snapshot = acquire();
		try {
			List<String> ids = new ArrayList<>();
			for (SegmentReader reader : snapshot.segments()) {
				SegmentDocuments docs = reader.documents();
				for (int doc = 0; doc < docs.docCount(); doc++) {
					if (reader.isLive(doc)) {
						ids.add(docs.id(doc));
					}
				}
			}
			return ids;
		}
		finally {
			snapshot.decRef();
		}
	}

	/** The committed document with this id. */
	public Optional<StoredDocument> document(String id) {
		Objects.requireNonNull(id, "id");
		Snapshot snapshot = acquire();
		try {
			Snapshot.DocLocation location = snapshot.find(id);
			if (location == null) {
				return Optional.empty();
			}
			SegmentReader reader = snapshot.segments().get(location.segment());
			int doc = location.doc();
			return Optional.of(new StoredDocument(id, reader.documents().text(doc), reader.documents().metadata(doc),
					reader.vectors().docLength(doc)));
		}
		finally {
			snapshot.decRef();
		}
	}

	/**
	 * The decompressed token vectors of a committed document (sorted by centroid, not in token order; token ids and
	 * offsets are not stored).
	 */
	public Optional<TokenVectors> vectors(String id) {
		Objects.requireNonNull(id, "id");
		Snapshot snapshot = acquire();
		try {
			Snapshot.DocLocation location = snapshot.find(id);
			if (location == null) {
				return Optional.empty();
			}
			SegmentReader reader = snapshot.segments().get(location.segment());
			return Optional.of(
					CodecRebuild.decompress(snapshot.centroids().codec(), reader.vectors(), location.doc()));
		}
		finally {
			snapshot.decRef();
		}
	}

	/** Figures of the last commit plus staged changes. Never blocks on a running commit. */
	public IndexStats stats() {
		int stagedAdds = this.staged.publishedAdds();
		int stagedDeletes = this.staged.publishedDeletes();
		Snapshot snapshot = acquire();
		try {
			return IndexStatsCollector.collect(snapshot, this.directory, this.settings, this.dim, stagedAdds,
					stagedDeletes);
		}
		finally {
			snapshot.decRef();
		}
	}

	/** The encoder fingerprint this index holds vectors of. */
	public String modelFingerprint() {
		return this.modelFingerprint;
	}

	public int dim() {
		return this.dim;
	}

	public Path directory() {
		return this.directory.path();
	}

	public IndexSettings settings() {
		return this.settings;
	}

	private Snapshot acquire() {
		while (true) {
			if (this.closed) {
				throw new IllegalStateException("Index at " + this.directory.path() + " is closed");
			}
			Snapshot snapshot = this.current;
			if (snapshot.tryIncRef()) {
				return snapshot;
			}
		}
	}

	private void ensureOpen() {
		if (this.closed) {
			throw new IllegalStateException("Index at " + this.directory.path() + " is closed");
		}
	}

	/**
	 * Closes the index: staged (uncommitted) changes are discarded, searches in flight finish, the write lock is
	 * released.
	 */
	@Override
	public void close() {
		this.writeLock.lock();
		try {
			if (this.closed) {
				return;
			}
			if (!this.staged.isEmpty()) {
				logger.warn("Closing index at {} with {} uncommitted adds and {} uncommitted deletes: discarded",
						this.directory.path(), this.staged.addCount(), this.staged.deleteCount());
			}
			this.closed = true;
			this.current.decRef();
			this.directory.unmapUnreferenced();
			this.directory.close();
			this.searchThreads.close();
		}
		finally {
			this.writeLock.unlock();
		}
	}

}
