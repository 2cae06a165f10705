package dev.colbert.sample.ingest;

import java.time.Instant;

/**
 * Where the knowledge-base ingestion stands, as {@code GET /api/status} reports it.
 *
 * @param state what the ingestion is doing or did
 * @param files knowledge-base files
 * @param chunksDone chunks stored so far
 * @param chunksTotal chunks to store ({@code 0} until the files are read)
 * @param chunksPerSecond encoding and storing rate so far, or {@code null} before the first batch
 * @param etaSeconds estimated seconds left, or {@code null} when unknown
 * @param startedAt when the ingestion started, or {@code null}
 * @param finishedAt when it finished, or {@code null}
 * @param message what happened, in words
 */
public record IngestionStatus(State state, int files, int chunksDone, int chunksTotal, Double chunksPerSecond,
		Long etaSeconds, Instant startedAt, Instant finishedAt, String message) {

	/** The states of an ingestion. */
	public enum State {

		/** Not started yet (the application is starting). */
		PENDING,

		/** Reading and chunking the files. */
		READING,

		/** Encoding and storing chunks. */
		INGESTING,

		/** Re-training the index's centroids on the whole knowledge base. */
		RECLUSTERING,

		/** The knowledge base was ingested by this start. */
		READY,

		/** The index already held this knowledge base: nothing was encoded. */
		REUSED,

		/** Ingestion is switched off ({@code sample.knowledge-base.ingest=false}). */
		DISABLED,

		/** Ingestion failed; {@code message} says why. */
		FAILED

	}

	/** Whether the ingestion has finished (successfully or not). */
	public boolean finished() {
		return this.state == State.READY || this.state == State.REUSED || this.state == State.DISABLED
				|| this.state == State.FAILED;
	}

}
