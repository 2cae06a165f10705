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

import dev.colbert.autoconfigure.ColbertProperties;
import dev.colbert.autoconfigure.ai.RetrieverProperties;
import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.SwitchableEncoder;
import dev.colbert.encoder.TokenVectors;
import dev.colbert.hybrid.FusionMode;
import dev.colbert.hybrid.HybridParams;
import dev.colbert.lexical.LexicalExplainer;
import dev.colbert.lexical.LexicalExplanation;
import dev.colbert.sample.ingest.DocumentChunker;
import dev.colbert.search.explain.MaxSimExplainer;
import dev.colbert.search.explain.MaxSimExplanation;
import dev.colbert.search.explain.TokenMatch;
import dev.colbert.spring.ai.ColbertDocumentMetadata;
import dev.colbert.spring.ai.ColbertSearchRequest;
import dev.colbert.spring.ai.ColbertVectorStore;
import dev.colbert.spring.ai.RetrievalMode;

/**
 * {@code GET /api/search?q=...&k=...&explain=...&mode=...&fusion=...}: the ColBERT MaxSim top-K chunks (or, in
 * hybrid mode, BM25 and MaxSim fused as {@code fusion} or {@code colbert.retriever.hybrid.*} says; without
 * {@code mode}, the retriever's mode, hybrid by default), best
 * first, with (by default) the matches behind the scores of the best {@code sample.search.max-explained} (10) of
 * them: for every query token, the document token it matched (character offsets in the chunk text) and their cosine
 * similarity; and for every analysed query term, where the chunk contains it (the lexical match BM25 scores).
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

	private final RetrieverProperties retriever;

	public SearchController(ColbertVectorStore vectorStore, TextRules text, RequestLimits limits,
			ColbertProperties properties) {
		this.vectorStore = vectorStore;
		this.text = text;
		this.limits = limits;
		this.retriever = properties.getRetriever();
	}

	@GetMapping("/api/search")
	public SearchResponse search(@RequestParam(name = "q", required = false) String q,
			@RequestParam(name = "k", required = false) Integer k,
			@RequestParam(name = "explain", defaultValue = "true") boolean explain,
			@RequestParam(name = "mode", required = false) String mode,
			@RequestParam(name = "fusion", required = false) String fusion) {
		String query = this.text.query("q", q);
		int topK = this.limits.k(k);
		int explained = this.limits.explained(explain, topK);
		HybridParams hybrid = hybrid(mode, fusion);
		boolean explainAll = explained > 0 && explained == topK;
		long start = System.nanoTime();
		List<Document> documents = this.vectorStore.search(new ColbertSearchRequest(
				SearchRequest.builder().query(query).topK(topK).similarityThresholdAll().build(), null, explainAll,
				hybrid));
		List<Document> best = documents.subList(0, Math.min(explained, documents.size()));
		Map<String, MaxSimExplanation> explanations = explainAll ? Map.of() : explain(query, best);
		Map<String, LexicalExplanation> lexical = explainAll ? Map.of() : explainLexically(query, best);
		double tookMs = (System.nanoTime() - start) / 1e6;
		List<SearchResult> results = new ArrayList<>(documents.size());
		for (Document document : documents) {
			results.add(SearchResult.of(document, explanations.get(document.getId()), lexical.get(document.getId())));
		}
		int matches = (int) results.stream().filter((result) -> result.match() != null).count();
		return new SearchResponse(query, topK, matches, Math.round(tookMs * 10) / 10.0,
				(hybrid != null) ? "hybrid" : "late-interaction", (hybrid != null) ? hybrid.fusion().externalName() : null,
				results);
	}

	/**
	 * The fusion of a hybrid request, or null for late interaction. Without {@code mode}, the retriever's mode:
	 * colbert.retriever.mode when set, else hybrid over a store with a lexical index and late interaction over one
	 * without.
	 */
	private HybridParams hybrid(String mode, String fusion) {
		RetrievalMode retrievalMode;
		try {
			retrievalMode = (mode == null || mode.isBlank())
					? this.retriever.effectiveMode(this.vectorStore.getTokenVectorStore()) : RetrievalMode.parse(mode);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequestException("mode is '" + shown(mode) + "' but must be late-interaction or hybrid");
		}
		if (retrievalMode != RetrievalMode.HYBRID) {
			return null;
		}
		HybridParams configured = this.retriever.getHybrid().toParams();
		if (fusion == null || fusion.isBlank()) {
			return configured;
		}
		try {
			return new HybridParams(FusionMode.parse(fusion), configured.candidates(), configured.rrfK(),
					configured.lexicalWeight());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequestException(
					"fusion is '" + shown(fusion) + "' but must be rrf, weighted-sum or candidates");
		}
	}

	/** A parameter value quoted in an error message: at most 40 characters, control characters as '?'. */
	private static String shown(String value) {
		String cut = (value.length() > 40) ? value.substring(0, 40) + "..." : value;
		return cut.replaceAll("\\p{Cntrl}", "?");
	}

	/** Which query terms each of {@code best} contains, when the store keeps a lexical index; keyed by id. */
	private Map<String, LexicalExplanation> explainLexically(String query, List<Document> best) {
		LexicalExplainer explainer = this.vectorStore.getTokenVectorStore().lexicalExplainer().orElse(null);
		if (explainer == null || best.isEmpty()) {
			return Map.of();
		}
		Map<String, LexicalExplanation> explanations = new HashMap<>();
		for (Document document : best) {
			explanations.put(document.getId(), explainer.explain(query, document.getText()));
		}
		return explanations;
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
	 * @param mode {@code late-interaction} or {@code hybrid}
	 * @param fusion the fusion of a hybrid search ({@code rrf}, {@code weighted-sum}, {@code candidates}), or null
	 * @param results the results, best first
	 */
	public record SearchResponse(String query, int k, int explained, double tookMs, String mode, String fusion,
			List<SearchResult> results) {
	}

	/**
	 * One retrieved chunk.
	 *
	 * @param id the chunk id
	 * @param documentId the id of the document the chunk belongs to ({@code DELETE /api/documents/{documentId}})
	 * @param score the score the results are ranked by: the normalized MaxSim (average best cosine per query token),
	 * or the fused score of a hybrid search
	 * @param maxSim the raw MaxSim
	 * @param lateInteractionScore the normalized MaxSim
	 * @param bm25 the BM25 score of a hybrid search, or {@code null} (not hybrid, or BM25 did not find the chunk)
	 * @param text the chunk text
	 * @param metadata the chunk's metadata (title, section, source, url, ...)
	 * @param match the token-level match, or {@code null} when not asked for or beyond the explained best results
	 * @param lexical the query terms the chunk contains (what BM25 matches), or {@code null} when not asked for,
	 * beyond the explained best results, or the store keeps no lexical index
	 */
	public record SearchResult(String id, String documentId, Double score, Double maxSim, Double lateInteractionScore,
			Double bm25, String text, Map<String, Object> metadata, Match match, List<LexicalTermView> lexical) {

		static SearchResult of(Document document, MaxSimExplanation explainedHere, LexicalExplanation lexicalHere) {
			Map<String, Object> metadata = new LinkedHashMap<>(document.getMetadata());
			Object explanation = metadata.remove(ColbertDocumentMetadata.EXPLANATION);
			if (explainedHere != null) {
				explanation = explainedHere;
			}
			Object lexical = metadata.remove(ColbertDocumentMetadata.LEXICAL_EXPLANATION);
			if (lexicalHere != null) {
				lexical = lexicalHere;
			}
			Object maxSim = metadata.remove(ColbertDocumentMetadata.MAXSIM);
			Object lateInteraction = metadata.remove(ColbertDocumentMetadata.LATE_INTERACTION_SCORE);
			Object bm25 = metadata.remove(ColbertDocumentMetadata.BM25);
			metadata.remove(ColbertDocumentMetadata.FUSION);
			metadata.remove(ColbertDocumentMetadata.DISTANCE);
			Object documentId = metadata.get(DocumentChunker.DOCUMENT_ID);
			return new SearchResult(document.getId(), (documentId != null) ? documentId.toString() : null,
					document.getScore(), number(maxSim), number(lateInteraction), number(bm25), document.getText(),
					metadata, (explanation instanceof MaxSimExplanation explained) ? Match.of(explained) : null,
					(lexical instanceof LexicalExplanation terms) ? LexicalTermView.of(terms) : null);
		}

		private static Double number(Object value) {
			return (value instanceof Number number) ? number.doubleValue() : null;
		}

	}

	/**
	 * One analysed query term and where the chunk contains it.
	 *
	 * @param queryToken the query word it came from, as written
	 * @param queryStart its first character in the query
	 * @param queryEnd the character after it
	 * @param term the analysed term (stemmed, lower case)
	 * @param frequency how often the chunk contains it (0: no lexical match)
	 * @param spans where: {@code [start, end)} character offsets in the chunk text
	 */
	public record LexicalTermView(String queryToken, int queryStart, int queryEnd, String term, int frequency,
			List<int[]> spans) {

		static List<LexicalTermView> of(LexicalExplanation explanation) {
			List<LexicalTermView> terms = new ArrayList<>(explanation.terms().size());
			for (LexicalExplanation.TermMatch match : explanation.terms()) {
				terms.add(new LexicalTermView(match.queryText(), match.queryStart(), match.queryEnd(), match.term(),
						match.frequency(), match.documentSpans()
							.stream()
							.map((span) -> new int[] { span.start(), span.end() })
							.toList()));
			}
			return terms;
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
