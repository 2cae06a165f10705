package dev.colbert.eval;

import java.util.List;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.ColbertIndex;
import dev.colbert.index.SearchHit;
import dev.colbert.search.SearchMode;
import dev.colbert.search.SearchParams;

/** Searches the embedded index with the reference PLAID parameters for k, or the overrides given on the command line. */
final class EmbeddedBackend implements SearchBackend {

	private final ColbertIndex index;

	private final SearchMode mode;

	private final EvaluationOptions options;

	EmbeddedBackend(ColbertIndex index, SearchMode mode, EvaluationOptions options) {
		this.index = index;
		this.mode = mode;
		this.options = options;
	}

	SearchParams params(int k) {
		SearchParams params = SearchParams.forK(k).withMode(this.mode);
		if (this.options.ncells() != null) {
			params = params.withNcells(this.options.ncells());
		}
		if (this.options.centroidScoreThreshold() != null) {
			params = params.withCentroidScoreThreshold(this.options.centroidScoreThreshold());
		}
		if (this.options.ndocs() != null) {
			params = params.withNdocs(this.options.ndocs());
		}
		return params;
	}

	@Override
	public List<String> search(TokenVectors query, int k) {
		return this.index.search(query, params(k)).stream().map(SearchHit::id).toList();
	}

	@Override
	public String describe() {
		return "embedded " + params(this.options.k());
	}

	@Override
	public void close() {
		// the index is shared by the modes of one run and closed by the command
	}

}
