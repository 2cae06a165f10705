package dev.colbert.sample.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.stereotype.Component;

import dev.colbert.index.IndexStats;
import dev.colbert.sample.SampleProperties;
import dev.colbert.sample.ingest.IngestionStatus.State;
import dev.colbert.spring.ai.ColbertVectorStore;
import dev.colbert.store.TokenVectorStore;
import dev.colbert.store.embedded.EmbeddedTokenVectorStore;

/**
 * Ingests the bundled knowledge base once the application is ready, on a background thread (the page and the API
 * answer meanwhile, and {@code GET /api/status} shows the progress).
 *
 * <p>The files are read and chunked by {@link DocumentChunker}, then added with one Spring AI
 * {@link org.springframework.ai.vectorstore.VectorStore#add VectorStore.add} call: a {@link ColbertVectorStore} on the
 * application's encoder and token-vector store encodes them in batches ({@code sample.knowledge-base.batch-size}, the
 * unit of the progress shown on the page and logged with rate and ETA) and stores them in one commit, so the embedded
 * index trains its codec (centroids) on the whole knowledge base, and an interrupted ingestion leaves nothing half
 * done. When the index already had a codec planned for fewer token vectors than it now holds (the knowledge base was
 * re-ingested into an index with other documents), the centroids are re-trained ({@code ColbertIndex.recluster()}).
 * An {@link IngestionManifest} records what was ingested: a later start with the same files, chunking and model reuses
 * the index without encoding anything.
 */
@Component
public class KnowledgeBaseIngestion implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(KnowledgeBaseIngestion.class);

	private final SampleProperties properties;

	private final ResourcePatternResolver resources;

	private final DocumentChunker chunker;

	private final ColbertVectorStore vectorStore;

	private final AtomicReference<IngestionStatus> status = new AtomicReference<>(
			new IngestionStatus(State.PENDING, 0, 0, 0, null, null, null, null, "Waiting for the application to start"));

	private volatile boolean stopping;

	private volatile Thread worker;

	public KnowledgeBaseIngestion(SampleProperties properties, ResourcePatternResolver resources,
			DocumentChunker chunker, ColbertVectorStore vectorStore) {
		this.properties = properties;
		this.resources = resources;
		this.chunker = chunker;
		this.vectorStore = vectorStore;
	}

	/** The current status. */
	public IngestionStatus status() {
		return this.status.get();
	}

	/** Starts the ingestion in the background when the application is ready. */
	@EventListener(ApplicationReadyEvent.class)
	public void start() {
		if (!this.properties.getKnowledgeBase().isIngest()) {
			this.status.set(new IngestionStatus(State.DISABLED, 0, 0, 0, null, null, null, null,
					"Knowledge-base ingestion is switched off (sample.knowledge-base.ingest=false)"));
			return;
		}
		Thread thread = new Thread(this::ingestSafely, "knowledge-base-ingestion");
		thread.setDaemon(true);
		this.worker = thread;
		thread.start();
	}

	private void ingestSafely() {
		Instant started = Instant.now();
		try {
			ingest(started);
		}
		catch (RuntimeException | Error ex) {
			if (this.stopping) {
				logger.info("Knowledge-base ingestion stopped with the application");
				return;
			}
			logger.error("Knowledge-base ingestion failed", ex);
			IngestionStatus last = this.status.get();
			this.status.set(new IngestionStatus(State.FAILED, last.files(), last.chunksDone(), last.chunksTotal(),
					last.chunksPerSecond(), null, started, Instant.now(), "Ingestion failed: " + ex));
		}
	}

	private void ingest(Instant started) {
		SampleProperties.KnowledgeBase kb = this.properties.getKnowledgeBase();
		this.status.set(new IngestionStatus(State.READING, 0, 0, 0, null, null, started, null,
				"Reading " + kb.getLocation()));
		List<Resource> files = files(kb.getLocation());
		String fingerprint = fingerprint(files);
		IngestionManifest manifest = IngestionManifest.read(kb.getManifest());
		TokenVectorStore store = this.vectorStore.getTokenVectorStore();
		long documents = store.stats().documents();
		if (manifest != null && fingerprint.equals(manifest.fingerprint()) && documents > 0) {
			String message = "The index already holds this knowledge base (" + manifest.chunks() + " chunks of "
					+ files.size() + " files, ingested " + manifest.ingestedAt() + "): nothing to encode";
			logger.info(message);
			this.status.set(new IngestionStatus(State.REUSED, files.size(), manifest.chunks(), manifest.chunks(), null,
					null, started, Instant.now(), message));
			return;
		}
		List<Document> chunks = new ArrayList<>();
		for (Resource file : files) {
			String name = file.getFilename();
			chunks.addAll(this.chunker.chunk("kb:" + name, file, true, DocumentChunker.ORIGIN_KNOWLEDGE_BASE, null));
		}
		if (documents > 0) {
			int removed = store.delete(new FilterExpressionBuilder()
				.eq(DocumentChunker.ORIGIN, DocumentChunker.ORIGIN_KNOWLEDGE_BASE)
				.build());
			logger.info("The index holds another or an incomplete ingestion of the knowledge base: removed its {} chunks",
					removed);
		}
		logger.info("Ingesting the knowledge base: {} chunks from {} files ({}), encoded {} per batch", chunks.size(),
				files.size(), kb.getLocation(), kb.getBatchSize());
		addWithProgress(chunks, files.size(), started);
		reclusterWhenPlannedForLess(files.size(), chunks.size(), started);
		Instant finished = Instant.now();
		new IngestionManifest(fingerprint, chunks.size(), finished).write(kb.getManifest());
		double seconds = Duration.between(started, finished).toMillis() / 1000.0;
		String message = String.format("Ingested %d chunks of %d files in %s (%.1f chunks/s)", chunks.size(),
				files.size(), formatSeconds(seconds), chunks.size() / Math.max(seconds, 1e-3));
		logger.info(message);
		this.status.set(new IngestionStatus(State.READY, files.size(), chunks.size(), chunks.size(),
				chunks.size() / Math.max(seconds, 1e-3), 0L, started, finished, message));
	}

	private void addWithProgress(List<Document> chunks, int files, Instant started) {
		int total = chunks.size();
		this.status.set(new IngestionStatus(State.INGESTING, files, 0, total, null, null, started, null,
				"Encoding the first batch"));
		long start = System.nanoTime();
		ProgressReportingEncoder encoder = new ProgressReportingEncoder(this.vectorStore.getEncoder(), (done) -> {
			if (this.stopping) {
				throw new IllegalStateException("the application is stopping");
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			double rate = done / Math.max(seconds, 1e-3);
			long eta = Math.round((total - done) / rate);
			String message = (done < total)
					? String.format("encoded %d/%d chunks (%d%%), %.1f chunks/s, ETA %s", done, total,
							100 * done / total, rate, formatSeconds(eta))
					: String.format("encoded %d chunks (%.1f chunks/s), storing them", total, rate);
			logger.info("Knowledge base: {}", message);
			this.status.set(new IngestionStatus(State.INGESTING, files, done, total, rate, eta, started, null,
					"Knowledge base: " + message));
		});
		ColbertVectorStore.builder(encoder, this.vectorStore.getTokenVectorStore())
			.batchSize(this.properties.getKnowledgeBase().getBatchSize())
			.searchMode(this.vectorStore.getDefaultSearchMode())
			.build()
			.add(chunks);
	}

	private void reclusterWhenPlannedForLess(int files, int chunks, Instant started) {
		if (!(this.vectorStore.getTokenVectorStore() instanceof EmbeddedTokenVectorStore embedded)) {
			return;
		}
		IndexStats stats = embedded.index().stats();
		if (stats.codecPlannedVectors() >= stats.tokenVectors()) {
			return;
		}
		String message = "Re-training the centroids on all " + stats.tokenVectors()
				+ " token vectors (the codec was planned for " + stats.codecPlannedVectors() + ")";
		logger.info(message);
		this.status.set(new IngestionStatus(State.RECLUSTERING, files, chunks, chunks, null, null, started, null,
				message));
		long start = System.nanoTime();
		embedded.index().recluster();
		IndexStats after = embedded.index().stats();
		logger.info("Re-clustered in {}: {} centroids (was {})", formatSeconds((System.nanoTime() - start) / 1e9),
				after.centroids(), stats.centroids());
	}

	private List<Resource> files(String location) {
		try {
			List<Resource> files = new ArrayList<>(Arrays.asList(this.resources.getResources(location)));
			files.removeIf((resource) -> !resource.isReadable());
			files.sort(Comparator.comparing(Resource::getFilename));
			if (files.isEmpty()) {
				throw new IllegalStateException("No knowledge-base files match " + location
						+ " (sample.knowledge-base.location): point it at Markdown files, e.g. file:docs/*.md");
			}
			return files;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list the knowledge base " + location, ex);
		}
	}

	private String fingerprint(List<Resource> files) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			SampleProperties.Chunking chunking = this.properties.getChunking();
			digest.update(("chunking v1 " + chunking.getChunkSize() + " " + chunking.getMinChunkSizeChars() + " model "
					+ this.vectorStore.getEncoder().info().fingerprint() + "\n").getBytes(StandardCharsets.UTF_8));
			for (Resource file : files) {
				digest.update((file.getFilename() + "\n").getBytes(StandardCharsets.UTF_8));
				try (InputStream input = file.getInputStream()) {
					digest.update(input.readAllBytes());
				}
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the knowledge base", ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String formatSeconds(double seconds) {
		long s = Math.round(seconds);
		return (s < 60) ? s + "s" : (s / 60) + "m " + (s % 60) + "s";
	}

	/** Stops the ingestion after its current batch (the application is closing). */
	@Override
	public void destroy() throws InterruptedException {
		this.stopping = true;
		Thread thread = this.worker;
		if (thread != null && thread.isAlive()) {
			logger.info("Waiting for the current ingestion batch to finish");
			thread.join(Duration.ofMinutes(2).toMillis());
		}
	}

}
