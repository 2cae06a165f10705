package dev.colbert.index;

import java.util.List;

import dev.colbert.search.SearchTrace;

/**
 * Hits of a search and how they were found.
 *
 * @param hits best first
 * @param trace stages, candidate counts and timings
 * @param centroidNanos time spent on the query-centroid score matrix (PLAID stage 1's matrix product)
 */
public record SearchResponse(List<SearchHit> hits, SearchTrace trace, long centroidNanos) {

	public SearchResponse {
		hits = List.copyOf(hits);
	}

}
