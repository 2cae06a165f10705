package dev.colbert.opensearch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.IndexDocument;

/**
 * Checks {@link IndexDocument}s (id, text, vectors and metadata) and turns them into the {@code _source} of the
 * {@link IndexLayout}.
 */
final class DocumentSources {

	/** OpenSearch refuses ids longer than this many UTF-8 bytes. */
	static final int MAX_ID_BYTES = 512;

	private final int dim;

	private final CandidateGeneration candidateGeneration;

	DocumentSources(int dim, CandidateGeneration candidateGeneration) {
		this.dim = dim;
		this.candidateGeneration = candidateGeneration;
	}

	/**
	 * Checks a document: id, text, vectors and metadata.
	 * @param position the document's position in the caller's list (for a message about a blank id)
	 * @throws IllegalArgumentException naming the document and the problem
	 */
	void check(IndexDocument document, int position) {
		if (document == null) {
			throw new IllegalArgumentException("document " + position + " is null");
		}
		checkId(document.id(), "document " + position);
		String what = "document '" + document.id() + "'";
		if (document.text() == null) {
			throw new IllegalArgumentException(what + " has null text; use \"\" if the text is not to be kept");
		}
		if (document.vectors() == null) {
			throw new IllegalArgumentException(what + " has no token vectors (null)");
		}
		TokenVectorChecks.check(what, document.vectors(), this.dim);
		MetadataValues.check(document.id(), document.metadata());
	}

	static void checkId(String id, String what) {
		if (id == null || id.isBlank()) {
			throw new IllegalArgumentException(what + " has a blank id");
		}
		int bytes = id.getBytes(StandardCharsets.UTF_8).length;
		if (bytes > MAX_ID_BYTES) {
			throw new IllegalArgumentException(what + ": id '" + id.substring(0, 40) + "...' is " + bytes
					+ " bytes in UTF-8, OpenSearch allows at most " + MAX_ID_BYTES);
		}
	}

	/** The document's {@code _source} in a k-NN layout. */
	Map<String, Object> source(IndexDocument document) {
		return source(document, null);
	}

	/**
	 * The document's {@code _source}.
	 * @param compressed its compressed vectors ({@link CandidateGeneration#PLAID}), or null for the k-NN layouts
	 */
	Map<String, Object> source(IndexDocument document, PlaidCodec.Compressed compressed) {
		TokenVectors vectors = document.vectors();
		Map<String, Object> source = new LinkedHashMap<>();
		source.put(IndexLayout.TEXT, document.text());
		source.put(IndexLayout.METADATA, document.metadata());
		Map<String, Object> typeHints = MetadataValues.typeHints(document.metadata());
		if (!typeHints.isEmpty()) {
			source.put(IndexLayout.METADATA_TYPES, typeHints);
		}
		source.put(IndexLayout.TOKEN_COUNT, vectors.count());
		if (this.candidateGeneration == CandidateGeneration.PLAID) {
			if (compressed == null) {
				throw new IllegalStateException("a PLAID index stores compressed vectors: compress the document first");
			}
			source.put(IndexLayout.CENTROIDS, compressed.centroidTerms());
			source.put(IndexLayout.CODES, compressed.blob());
			return source;
		}
		float[][] rows = TokenVectorChecks.rows(vectors);
		source.put(IndexLayout.VECTORS, rows);
		if (this.candidateGeneration == CandidateGeneration.TOKEN_KNN) {
			List<Map<String, float[]>> tokens = new ArrayList<>(rows.length);
			for (float[] row : rows) {
				tokens.add(Map.of(IndexLayout.TOKEN_VECTOR, row));
			}
			source.put(IndexLayout.TOKENS, tokens);
		}
		else {
			source.put(IndexLayout.POOLED_VECTOR, TokenVectorChecks.normalizedMean(vectors));
		}
		return source;
	}

	/** A generous estimate of the document's JSON size in a bulk request. */
	long estimatedBytes(IndexDocument document) {
		long metadata = 32L * document.metadata().size();
		for (Object value : document.metadata().values()) {
			metadata += String.valueOf(value).length();
		}
		if (this.candidateGeneration == CandidateGeneration.PLAID) {
			// base64 blob (at most 4 bytes of centroid id and dim / 2 bytes of residual per vector), centroid terms
			long perVector = 4 * (4 + (this.dim + 1) / 2) / 3 + 8;
			return 256 + perVector * document.vectors().count() + 2L * document.text().length() + metadata;
		}
		long floats = (long) document.vectors().count() * this.dim;
		long vectorCopies = (this.candidateGeneration == CandidateGeneration.TOKEN_KNN) ? 2 : 1;
		return 256 + 14 * floats * vectorCopies + 2L * document.text().length() + metadata;
	}

}
