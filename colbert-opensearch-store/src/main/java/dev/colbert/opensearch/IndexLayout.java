package dev.colbert.opensearch;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch._types.mapping.DynamicMapping;
import org.opensearch.client.opensearch._types.mapping.DynamicTemplate;
import org.opensearch.client.opensearch._types.mapping.IndexOptions;
import org.opensearch.client.opensearch._types.mapping.Property;
import org.opensearch.client.opensearch._types.mapping.TypeMapping;
import org.opensearch.client.opensearch.indices.CreateIndexRequest;

import dev.colbert.lexical.LexicalSettings;

/**
 * The OpenSearch index layout of the store: one document per passage.
 *
 * <pre>
 * _id            the passage id
 * text           the passage text in _source; indexed for BM25 (hybrid search) with the settings' analyzer and the
 *                similarity colbert_bm25 (index settings: BM25 with the settings' k1 and b); not indexed in indexes
 *                created before hybrid search (their _meta has no "lexical")
 * metadata.*     dynamic: strings as keyword, every number as double, booleans as boolean; lists are multi-valued
 * metadata_types object with "enabled": false: the Java types JSON loses (Long, Float, Short, Byte) by key
 * token_count    integer, the number of token vectors (for stats)
 * vectors        object with "enabled": false: [[f, f, ...], ...], the token vectors in _source, read by
 *                lateInteractionScore for exact MaxSim
 * tokens         TOKEN_KNN only: nested, one {"vector": knn_vector} per token (Lucene HNSW, inner product);
 *                excluded from _source (the vectors are already there once)
 * centroids      PLAID only: keyword (no doc values, postings with document ids only), the distinct centroid ids
 *                of the passage's vectors: each centroid's postings list is PLAID's inverted list; excluded from
 *                _source
 * codes          PLAID only: binary with doc values (not stored), the passage's centroid ids and packed residuals
 *                (PlaidCodec's blob, base64 in requests); excluded from _source. PLAID indexes have no vectors field:
 *                the codec itself is kept in the companion index of PlaidCodecStore
 * pooled_vector  POOLED_KNN only: knn_vector (Lucene HNSW, inner product), the normalized mean token vector;
 *                kept in _source: it is one vector among hundreds, while a source filter would make OpenSearch
 *                parse and re-serialize every document on ingestion and keep a second, unfiltered copy of it
 *                (_recovery_source) until merges drop it
 * _meta.colbert  {"format": 1, "model_fingerprint": "...", "dim": 128, "candidate_generation": "token_knn",
 *                 "similarity": "cosinesimil", "lexical": {"analyzer": "english", "k1": 0.9, "b": 0.4}}: an index
 *                 refuses vectors of another model
 * </pre>
 *
 * <p>Dates and numbers inside metadata strings are not detected ({@code date_detection} and
 * {@code numeric_detection} are off), unknown top-level fields are refused ({@code dynamic: strict}). Strings longer
 * than {@value #KEYWORD_IGNORE_ABOVE} characters are stored and returned but cannot be matched by filters.
 */
final class IndexLayout {

	/** Layout version written to {@code _meta}; an index of another version is refused. */
	static final int FORMAT_VERSION = 1;

	static final String TEXT = "text";

	static final String METADATA = "metadata";

	static final String METADATA_TYPES = "metadata_types";

	static final String TOKEN_COUNT = "token_count";

	static final String VECTORS = "vectors";

	static final String TOKENS = "tokens";

	static final String TOKEN_VECTOR = "vector";

	static final String TOKEN_VECTOR_PATH = TOKENS + "." + TOKEN_VECTOR;

	static final String POOLED_VECTOR = "pooled_vector";

	/** PLAID: the passage's distinct centroid ids, one keyword term each (the inverted lists). */
	static final String CENTROIDS = "centroids";

	/** PLAID: the passage's centroid ids and packed residuals, one binary doc value ({@link PlaidCodec}). */
	static final String CODES = "codes";

	static final String META_KEY = "colbert";

	/** The similarity of the text field: BM25 with the settings' k1 and b. */
	static final String BM25_SIMILARITY = "colbert_bm25";

	/** The space {@code lateInteractionScore} scores in: cosine, whose score transform (1 + x) / 2 is affine. */
	static final String RESCORE_SPACE = "cosinesimil";

	static final int KEYWORD_IGNORE_ABOVE = 8191;

	private IndexLayout() {
	}

	/** The metadata field a filter key refers to. */
	static String metadataField(String key) {
		return METADATA + "." + key;
	}

	static CreateIndexRequest createIndexRequest(OpenSearchStoreSettings settings, IndexModel model) {
		return CreateIndexRequest.of((create) -> create.index(settings.indexName())
			.settings((index) -> {
				index.numberOfShards(settings.shards()).numberOfReplicas(settings.replicas());
				if (model.candidateGeneration() != CandidateGeneration.PLAID) {
					index.knn(true); // PLAID needs no k-NN plugin
				}
				if (model.lexical() != null) {
					Map<String, Object> bm25 = new LinkedHashMap<>();
					bm25.put("type", "BM25");
					bm25.put("k1", model.lexical().k1());
					bm25.put("b", model.lexical().b());
					index.customSettings("similarity", JsonData.of(Map.of(BM25_SIMILARITY, bm25)));
				}
				return index;
			})
			.mappings(mapping(settings, model)));
	}

	static TypeMapping mapping(OpenSearchStoreSettings settings, IndexModel model) {
		Map<String, Property> properties = new LinkedHashMap<>();
		LexicalSettings lexical = model.lexical();
		properties.put(TEXT, Property.of((p) -> p.text((t) -> (lexical == null) ? t.index(false)
				: t.index(true).analyzer(lexical.analyzer()).similarity(BM25_SIMILARITY))));
		properties.put(METADATA, Property.of((p) -> p.object((o) -> o.dynamic(DynamicMapping.True))));
		properties.put(METADATA_TYPES, Property.of((p) -> p.object((o) -> o.enabled(false))));
		properties.put(TOKEN_COUNT, Property.of((p) -> p.integer((i) -> i)));
		boolean tokens = model.candidateGeneration() == CandidateGeneration.TOKEN_KNN;
		boolean plaid = model.candidateGeneration() == CandidateGeneration.PLAID;
		if (plaid) {
			properties.put(CENTROIDS, Property.of((p) -> p.keyword((k) -> k.docValues(false)
				.indexOptions(IndexOptions.Docs)
				.norms(false))));
			properties.put(CODES, Property.of((p) -> p.binary((b) -> b.docValues(true).store(false))));
		}
		else {
			properties.put(VECTORS, Property.of((p) -> p.object((o) -> o.enabled(false))));
		}
		if (tokens) {
			properties.put(TOKENS, Property.of((p) -> p.nested((n) -> n.properties(TOKEN_VECTOR, knnVector(settings,
					model.dim())))));
		}
		else if (!plaid) {
			properties.put(POOLED_VECTOR, knnVector(settings, model.dim()));
		}
		return TypeMapping.of((m) -> {
			m.dynamic(DynamicMapping.Strict).dateDetection(false).numericDetection(false);
			if (tokens) {
				// the nested copy of every token vector would double _source: the vectors field has them already
				m.source((s) -> s.excludes(TOKENS));
			}
			if (plaid) {
				// doc values and postings hold them; _source keeps text and metadata only
				m.source((s) -> s.excludes(CENTROIDS, CODES));
			}
			return m.meta(META_KEY, JsonData.of(model.toMeta()))
				.dynamicTemplates(template("metadata_strings", "string",
						Property.of((p) -> p.keyword((k) -> k.ignoreAbove(KEYWORD_IGNORE_ABOVE)))),
						template("metadata_integers", "long", Property.of((p) -> p.double_((d) -> d))),
						template("metadata_decimals", "double", Property.of((p) -> p.double_((d) -> d))))
				.properties(properties);
		});
	}

	private static Property knnVector(OpenSearchStoreSettings settings, int dim) {
		return Property.of((p) -> p.knnVector((v) -> v.dimension(dim)
			.method((m) -> m.name("hnsw")
				.engine("lucene")
				.spaceType("innerproduct")
				.parameters("m", JsonData.of(settings.hnswM()))
				.parameters("ef_construction", JsonData.of(settings.hnswEfConstruction())))));
	}

	private static Map<String, DynamicTemplate> template(String name, String matchMappingType, Property mapping) {
		return Map.of(name, DynamicTemplate.of((t) -> t.pathMatch(METADATA + ".*")
			.matchMappingType(matchMappingType)
			.mapping(mapping)));
	}

	/**
	 * What an index was built for, as kept in its mapping's {@code _meta.colbert}.
	 *
	 * @param format the layout version
	 * @param modelFingerprint the encoder fingerprint
	 * @param dim the token vector dimension
	 * @param candidateGeneration the candidate field the index has
	 * @param lexical the analyzer and BM25 parameters of the indexed text field, or {@code null} for an index created
	 * before hybrid search (its text is not indexed: late interaction only)
	 */
	record IndexModel(int format, String modelFingerprint, int dim, CandidateGeneration candidateGeneration,
			LexicalSettings lexical) {

		/** This model with the text field of an existing index. */
		IndexModel withLexical(LexicalSettings lexical) {
			return new IndexModel(this.format, this.modelFingerprint, this.dim, this.candidateGeneration, lexical);
		}

		Map<String, Object> toMeta() {
			Map<String, Object> meta = new LinkedHashMap<>();
			meta.put("format", this.format);
			meta.put("model_fingerprint", this.modelFingerprint);
			meta.put("dim", this.dim);
			meta.put("candidate_generation", this.candidateGeneration.name().toLowerCase(Locale.ROOT));
			meta.put("similarity", RESCORE_SPACE);
			if (this.lexical != null) {
				Map<String, Object> text = new LinkedHashMap<>();
				text.put("analyzer", this.lexical.analyzer());
				text.put("k1", this.lexical.k1());
				text.put("b", this.lexical.b());
				meta.put("lexical", text);
			}
			return meta;
		}

		/**
		 * Reads the model from an index's {@code _meta.colbert}.
		 * @throws IllegalStateException naming the index when the entry is missing or malformed
		 */
		static IndexModel fromMeta(String index, Map<?, ?> meta) {
			if (meta == null) {
				throw new IllegalStateException("index '" + index
						+ "' exists but was not created by this store (its mapping has no _meta." + META_KEY
						+ "): use another index name or delete it");
			}
			try {
				int format = ((Number) meta.get("format")).intValue();
				String fingerprint = (String) meta.get("model_fingerprint");
				int dim = ((Number) meta.get("dim")).intValue();
				String candidates = (String) meta.get("candidate_generation");
				if (fingerprint == null || candidates == null) {
					throw new IllegalStateException("missing model_fingerprint or candidate_generation");
				}
				LexicalSettings lexical = null;
				if (meta.get("lexical") instanceof Map<?, ?> text) {
					lexical = new LexicalSettings((String) text.get("analyzer"), ((Number) text.get("k1")).floatValue(),
							((Number) text.get("b")).floatValue());
				}
				return new IndexModel(format, fingerprint, dim,
						CandidateGeneration.valueOf(candidates.toUpperCase(Locale.ROOT)), lexical);
			}
			catch (RuntimeException ex) {
				throw new IllegalStateException(
						"index '" + index + "': _meta." + META_KEY + " " + meta + " is malformed (" + ex + ")", ex);
			}
		}

		/**
		 * Checks that an existing index can serve this model.
		 * @throws IllegalStateException naming both values when the format, fingerprint, dim or candidate generation
		 * differ
		 */
		void checkCompatible(String index, IndexModel existing) {
			if (existing.format() != this.format) {
				throw new IllegalStateException("index '" + index + "' has layout format " + existing.format()
						+ ", this store writes format " + this.format + ": reindex into a new index");
			}
			if (!existing.modelFingerprint().equals(this.modelFingerprint)) {
				throw new IllegalStateException("index '" + index + "' holds vectors of model "
						+ existing.modelFingerprint() + ", but the configured encoder is " + this.modelFingerprint
						+ ": re-encode into a new index (another index name) or configure the original model");
			}
			if (existing.dim() != this.dim) {
				throw new IllegalStateException("index '" + index + "' holds " + existing.dim()
						+ "-dimensional vectors, the configured encoder produces " + this.dim);
			}
			if (existing.candidateGeneration() != this.candidateGeneration) {
				throw new IllegalStateException("index '" + index + "' was created for candidate generation "
						+ existing.candidateGeneration() + ", the settings ask for " + this.candidateGeneration
						+ ": use the index's candidate generation, or another index name");
			}
		}

	}

}
