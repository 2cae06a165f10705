package dev.colbert.encoder;

import java.util.List;

/**
 * Encodes queries and documents into ColBERT token vectors (L2-normalized, {@link EncoderInfo#dim()} dimensions).
 *
 * <p>Implementations are thread-safe: any number of threads may call the encode methods concurrently. Closing releases
 * native memory; encoding after {@link #close()} throws {@link IllegalStateException}.
 */
public interface ColbertEncoder extends AutoCloseable {

	/**
	 * Encodes one query the way the checkpoint prescribes: {@code [CLS]}, the query marker, the tokens, then
	 * {@code [MASK]} augmentation up to {@code query_maxlen} when the model uses it. Every returned vector is scored.
	 * @throws IllegalArgumentException if the query is null or blank
	 */
	TokenVectors encodeQuery(String query);

	/**
	 * Encodes many queries, each exactly as {@link #encodeQuery(String)} would: for offline work such as mining
	 * training negatives, where batching several queries into one forward pass is faster than one call per query.
	 * The result has one entry per input, in input order.
	 * @throws IllegalArgumentException if a query is null or blank
	 */
	default List<TokenVectors> encodeQueries(List<String> queries) {
		return queries.stream().map(this::encodeQuery).toList();
	}

	/**
	 * Encodes documents: {@code [CLS]}, the document marker, the tokens truncated to {@code doc_maxlen}, {@code [SEP]};
	 * punctuation (when the model masks it) and padding removed. Batches internally by {@link EncoderInfo} batch size,
	 * grouping texts of similar length. The result has one entry per input, in input order.
	 */
	List<TokenVectors> encodeDocuments(List<String> documents);

	/** What this encoder is: source, backbone, dimensions, lengths, fingerprint. */
	EncoderInfo info();

	@Override
	void close();

}
