package dev.colbert.eval;

import java.util.List;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.hybrid.FusionMode;
import dev.colbert.hybrid.HybridParams;
import dev.colbert.hybrid.HybridSearcher;
import dev.colbert.index.ColbertIndex;
import dev.colbert.index.SearchHit;
import dev.colbert.lexical.LexicalHit;
import dev.colbert.lexical.LexicalIndex;

/** The embedded store's lexical modes: {@code bm25} alone and the {@code hybrid-*} fusions with PLAID. */
final class LexicalBackends {

	private LexicalBackends() {
	}

	/** The fusion of a {@code hybrid-*} mode with the command line's parameters. */
	static HybridParams hybridParams(String mode, EvaluationOptions options) {
		FusionMode fusion = switch (mode) {
			case "hybrid-rrf" -> FusionMode.RRF;
			case "hybrid-sum" -> FusionMode.WEIGHTED_SUM;
			case "hybrid-candidates" -> FusionMode.CANDIDATES;
			default -> throw new IllegalArgumentException("not a hybrid mode: " + mode);
		};
		return new HybridParams(fusion, options.hybridCandidates(), options.rrfK(), options.lexicalWeight());
	}

	/** BM25 over the lexical index alone. */
	static SearchBackend bm25(LexicalIndex lexical) {
		return new SearchBackend() {

			@Override
			public List<String> search(TokenVectors query, int k) {
				throw new UnsupportedOperationException("bm25 needs the query text");
			}

			@Override
			public List<String> search(TokenVectors query, String text, int k) {
				return lexical.search(text, k, null).stream().map(LexicalHit::id).toList();
			}

			@Override
			public boolean usesQueryVectors() {
				return false;
			}

			@Override
			public String describe() {
				LexicalSettingsDescription settings = new LexicalSettingsDescription(lexical);
				return "embedded lexical BM25 " + settings;
			}

			@Override
			public void close() {
				// shared by the modes of one run, closed by the command
			}

		};
	}

	/** BM25 fused with PLAID (the parameters of {@code plaid}) as the mode says. */
	static SearchBackend hybrid(ColbertIndex index, LexicalIndex lexical, EmbeddedBackend plaid, HybridParams hybrid) {
		HybridSearcher searcher = new HybridSearcher(index, lexical);
		return new SearchBackend() {

			@Override
			public List<String> search(TokenVectors query, int k) {
				throw new UnsupportedOperationException("a hybrid search needs the query text");
			}

			@Override
			public List<String> search(TokenVectors query, String text, int k) {
				return searcher.search(query, text, plaid.params(k), null, hybrid)
					.stream()
					.map(SearchHit::id)
					.toList();
			}

			@Override
			public String describe() {
				return "embedded hybrid " + hybrid + " over " + plaid.describe() + ", BM25 "
						+ new LexicalSettingsDescription(lexical);
			}

			@Override
			public void close() {
				// shared by the modes of one run, closed by the command
			}

		};
	}

	/** The analyzer and BM25 parameters of a lexical index, as the report shows them. */
	private record LexicalSettingsDescription(LexicalIndex lexical) {

		@Override
		public String toString() {
			return "(analyzer " + this.lexical.settings().analyzer() + ", k1 " + this.lexical.settings().k1() + ", b "
					+ this.lexical.settings().b() + ")";
		}

	}

}
