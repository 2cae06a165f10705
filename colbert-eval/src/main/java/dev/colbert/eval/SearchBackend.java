package dev.colbert.eval;

import java.util.List;

import dev.colbert.encoder.TokenVectors;

/** One way of answering a query during an evaluation: a store in a search mode, or exact float MaxSim. */
interface SearchBackend extends AutoCloseable {

	/** The ids of the k best documents, best first. */
	List<String> search(TokenVectors query, int k);

	/** What this backend is, for the report. */
	String describe();

	@Override
	void close();

}
