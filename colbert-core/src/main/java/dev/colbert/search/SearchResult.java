package dev.colbert.search;

import java.util.List;

/** Documents found, best first, and how they were found. */
public record SearchResult(List<ScoredDoc> docs, SearchTrace trace) {

	public SearchResult {
		docs = List.copyOf(docs);
	}

}
