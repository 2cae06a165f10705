package dev.colbert.eval;

import java.util.List;

import dev.colbert.encoder.TokenVectors;

/** One way of answering a query during an evaluation: a store in a search mode, or exact float MaxSim. */
interface SearchBackend extends AutoCloseable {

	/** The ids of the k best documents, best first. */
	List<String> search(TokenVectors query, int k);

	/**
	 * The ids of the k best documents for a query given as vectors and as text (lexical and hybrid backends read the
	 * text); by default the vectors alone.
	 */
	default List<String> search(TokenVectors query, String text, int k) {
		return search(query, k);
	}

	/** Whether answering needs the encoded query (its encoding time counts in the query latency); BM25 does not. */
	default boolean usesQueryVectors() {
		return true;
	}

	/** What this backend is, for the report. */
	String describe();

	@Override
	void close();

}
