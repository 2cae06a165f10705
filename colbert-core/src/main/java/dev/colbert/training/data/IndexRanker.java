package dev.colbert.training.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.ColbertIndex;
import dev.colbert.index.SearchHit;
import dev.colbert.search.SearchParams;

/**
 * Ranks the documents of a live index with the index's own PLAID search, for mining hard negatives from the documents
 * an application already stores: the query is encoded by the model that built the index and searched with the
 * reference parameters for its top-K. Unlike {@link ExhaustiveRanker}, it holds nothing: the compressed index is the
 * collection, so mining needs no float copy of every token vector.
 */
public final class IndexRanker implements DocumentRanker {

	private final ColbertEncoder encoder;

	private final ColbertIndex index;

	/**
	 * @param encoder the model that built the index
	 * @param index the index to search
	 * @throws IllegalArgumentException when the index was built by another model
	 */
	public IndexRanker(ColbertEncoder encoder, ColbertIndex index) {
		this.encoder = Objects.requireNonNull(encoder, "encoder");
		this.index = Objects.requireNonNull(index, "index");
		String fingerprint = encoder.info().fingerprint();
		if (!fingerprint.equals(index.modelFingerprint())) {
			throw new IllegalArgumentException("the index was built by the model with fingerprint "
					+ index.modelFingerprint() + ", not by this encoder (" + fingerprint + "): its search cannot rank "
					+ "for mining");
		}
	}

	@Override
	public List<String> rank(String query, int k) {
		TokenVectors vectors = this.encoder.encodeQuery(query);
		List<SearchHit> hits = this.index.search(vectors, SearchParams.forK(Math.min(k, SearchParams.MAX_K)));
		List<String> ids = new ArrayList<>(hits.size());
		hits.forEach((hit) -> ids.add(hit.id()));
		return ids;
	}

}
