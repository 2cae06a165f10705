package dev.colbert.sample.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.SwitchableEncoder;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.sample.ingest.DocumentChunker;
import dev.colbert.search.explain.MaxSimExplainer;
import dev.colbert.search.explain.MaxSimExplanation;
import dev.colbert.search.explain.TokenMatch;
import dev.colbert.spring.ai.ColbertDocumentMetadata;
import dev.colbert.spring.ai.ColbertSearchRequest;
import dev.colbert.spring.ai.ColbertVectorStore;

/**
 * {@code GET /api/search?q=...&k=...&explain=...}: the ColBERT MaxSim top-K chunks, best first, with (by default) the
 * token-level match behind the scores of the best {@code sample.search.max-explained} (10) of them: for every query
 * token, the document token it matched (character offsets in the chunk text) and their cosine similarity.
 *
 * <p>An explanation re-encodes its chunk with the document encoder, which costs far more than the search (about 80
 * times for k=100 on bge-small), so {@code k} bounds the results and {@code max-explained} the explanations of one
 * request. With {@code k} within that bound the store explains the results along with the search; above it this
 * controller explains the best ones itself, with the same encoder and {@link MaxSimExplainer}.
 */
@RestController
public class SearchController {

	private final ColbertVectorStore vectorStore;

	private final TextRules text;

	private final RequestLimits limits;

	private final MaxSimExplainer explainer = new MaxSimExplainer();

	public SearchController(ColbertVectorStore vectorStore, TextRules text, RequestLimits limits) {
		this.vectorStore = vectorStore;
		this.text = text;
		this.limits = limits;
	}

	@GetMapping("/api/search")
	public SearchResponse search(@RequestParam(name = "q", required = false) String q,
			@RequestParam(name = "k", required = false) Integer k,
			@RequestParam(name = "explain", defaultValue = "true") boolean explain) {
		String query = this.text.query("q", q);
		int topK = this.limits.k(k);
		int explained = this.limits.explained(explain, topK);
		boolean explainAll = explained > 0 && explained == topK;
		long start = System.nanoTime();
		List<Document> documents = this.vectorStore.search(new ColbertSearchRequest(
				SearchRequest.builder().query(query).topK(topK).similarityThresholdAll().build(), null, explainAll));
		Map<String, MaxSimExplanation> explanations = explainAll ? Map.of()
				: explain(query, documents.subList(0, Math.min(explained, documents.size())));
		double tookMs = (System.nanoTime() - start) / 1e6;
		List<SearchResult> results = new ArrayList<>(documents.size());
		for (Document document : documents) {
			results.add(SearchResult.of(document, explanations.get(document.getId())));
		}
		int matches = (int) results.stream().filter((result) -> result.match() != null).count();
		return new SearchResponse(query, topK, matches, Math.round(tookMs * 10) / 10.0, results);
	}

	/** Explains {@code best}, keyed by id; one encoder for the query and the chunks, even across a model swap. */
	private Map<String, MaxSimExplanation> explain(String query, List<Document> best) {
		if (best.isEmpty()) {
			return Map.of();
		}
		ColbertEncoder encoder = this.vectorStore.getEncoder();
		return (encoder instanceof SwitchableEncoder switchable)
				? switchable.withCurrent((current) -> explain(current, query, best)) : explain(encoder, query, best);
	}

	private Map<String, MaxSimExplanation> explain(ColbertEncoder encoder, String query, List<Document> best) {
		TokenVectors queryVectors = encoder.encodeQuery(query);
		List<TokenVectors> chunks = encoder.encodeDocuments(best.stream().map(Document::getText).toList());
		Map<String, MaxSimExplanation> explanations = new HashMap<>();
		for (int i = 0; i < best.size(); i++) {
			explanations.put(best.get(i).getId(),
					this.explainer.explain(queryVectors, query, chunks.get(i), best.get(i).getText()));
		}
		return explanations;
	}

	/**
	 * The answer of a search.
	 *
	 * @param query the query, stripped
	 * @param k the number of results asked for
	 * @param explained how many of the results (the best ones) carry their token-level {@code match}
	 * @param tookMs milliseconds spent encoding, searching and (when asked) explaining
	 * @param results the results, best first
	 */
	public record SearchResponse(String query, int k, int explained, double tookMs, List<SearchResult> results) {
	}

	/**
	 * One retrieved chunk.
	 *
	 * @param id the chunk id
	 * @param documentId the id of the document the chunk belongs to ({@code DELETE /api/documents/{documentId}})
	 * @param score the normalized MaxSim (average best cosine per query token)
	 * @param maxSim the raw MaxSim
	 * @param text the chunk text
	 * @param metadata the chunk's metadata (title, section, source, url, ...)
	 * @param match the token-level match, or {@code null} when not asked for or beyond the explained best results
	 */
	public record SearchResult(String id, String documentId, Double score, Double maxSim, String text,
			Map<String, Object> metadata, Match match) {

		static SearchResult of(Document document, MaxSimExplanation explainedHere) {
			Map<String, Object> metadata = new LinkedHashMap<>(document.getMetadata());
			Object explanation = metadata.remove(ColbertDocumentMetadata.EXPLANATION);
			if (explainedHere != null) {
				explanation = explainedHere;
			}
			Object maxSim = metadata.remove(ColbertDocumentMetadata.MAXSIM);
			metadata.remove(ColbertDocumentMetadata.DISTANCE);
			Object documentId = metadata.get(DocumentChunker.DOCUMENT_ID);
			return new SearchResult(document.getId(), (documentId != null) ? documentId.toString() : null,
					document.getScore(), (maxSim instanceof Number number) ? number.doubleValue() : null,
					document.getText(), metadata,
					(explanation instanceof MaxSimExplanation explained) ? Match.of(explained) : null);
		}

	}

	/**
	 * Why a chunk scored what it scored.
	 *
	 * @param maxSim the exact MaxSim of the uncompressed vectors (the indexed score differs by the compression error)
	 * @param score {@code maxSim} divided by the number of query tokens
	 * @param tokens one entry per query token, in query order
	 */
	public record Match(double maxSim, double score, List<TokenMatchView> tokens) {

		static Match of(MaxSimExplanation explanation) {
			List<TokenMatchView> tokens = new ArrayList<>(explanation.matches().size());
			for (TokenMatch match : explanation.matches()) {
				tokens.add(new TokenMatchView(match.query().text(), match.query().start(), match.query().end(),
						match.document().text(), match.document().start(), match.document().end(),
						match.similarity()));
			}
			return new Match(explanation.maxSim(), explanation.score(), tokens);
		}

	}

	/**
	 * One query token and the chunk token it matched best.
	 *
	 * @param queryToken the query token as written, or {@code null} for special tokens ([CLS], marker, [SEP], [MASK])
	 * @param queryStart its first character in the query, or -1
	 * @param queryEnd the character after it, or -1
	 * @param documentToken the matched chunk token as written, or {@code null} for a special token
	 * @param start its first character in the chunk text, or -1
	 * @param end the character after it, or -1
	 * @param similarity the cosine of the two token vectors
	 */
	public record TokenMatchView(String queryToken, int queryStart, int queryEnd, String documentToken, int start,
			int end, double similarity) {
	}

}
