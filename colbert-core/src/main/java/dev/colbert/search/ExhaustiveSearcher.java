package dev.colbert.search;

import java.util.Arrays;
import java.util.List;

/** Exact MaxSim of the query against every accepted document of every segment. */
public final class ExhaustiveSearcher {

	private ExhaustiveSearcher() {
	}

	public static SearchResult search(QueryScorer scorer, List<SearchSegment> segments, int k) {
		long t0 = System.nanoTime();
		TopScores top = new TopScores(k);
		int scored = 0;
		for (int s = 0; s < segments.size(); s++) {
			SearchSegment segment = segments.get(s);
			AcceptedDocs accepted = segment.accepted();
			for (int doc = accepted.nextAccepted(0); doc >= 0; doc = accepted.nextAccepted(doc + 1)) {
				top.offer(scorer.maxSim(segment.vectors(), doc), TopScores.key(s, doc));
				scored++;
			}
		}
		long t1 = System.nanoTime();
		return new SearchResult(Arrays.asList(top.drainDescending()),
				new SearchTrace(SearchMode.EXHAUSTIVE, 0, scored, scored, 0, 0, t1 - t0));
	}

}
