package dev.colbert.opensearch;

import java.io.IOException;
import java.util.Map;

import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch._types.mapping.DynamicMapping;
import org.opensearch.client.opensearch.core.GetResponse;

import dev.colbert.index.codec.ResidualCodec;
import dev.colbert.opensearch.codes.CodecDocument;
import dev.colbert.opensearch.codes.MaxSimScript;

/**
 * Keeps the codec of a {@link CandidateGeneration#PLAID} index in the cluster, so that every client and shard uses the
 * same one: one document {@value #CODEC_ID} in the companion index {@code <index>}{@value #SUFFIX} (one shard with a
 * copy on every node, so that the shard plugin reads it locally; nothing indexed). The document is created with
 * {@code op_type=create}: when two clients train at once, the first write wins and the other adopts it before writing
 * any passage. The document's layout and checksum: {@link CodecDocument}.
 *
 * <p>Retraining the codec means a new index (a new codec document), reindexing and an alias switch; this store does
 * not do that itself.
 */
final class PlaidCodecStore {

	/** The companion index name's suffix. */
	static final String SUFFIX = MaxSimScript.CODEC_INDEX_SUFFIX;

	static final String CODEC_ID = MaxSimScript.CODEC_ID;

	/** The layout version of the codec document and of the passages' code blobs ({@link CodecDocument#FORMAT}). */
	static final int FORMAT = CodecDocument.FORMAT;

	private final OpenSearchClient client;

	private final OpenSearchStoreSettings settings;

	private final String modelFingerprint;

	PlaidCodecStore(OpenSearchClient client, OpenSearchStoreSettings settings, String modelFingerprint) {
		this.client = client;
		this.settings = settings;
		this.modelFingerprint = modelFingerprint;
	}

	/** The companion index of {@code index}. */
	static String codecIndex(String index) {
		return index + SUFFIX;
	}

	String codecIndex() {
		return codecIndex(this.settings.indexName());
	}

	/**
	 * The stored codec, or null when none was stored yet.
	 * @throws IllegalStateException when the stored codec belongs to another model or dimension
	 */
	ResidualCodec read(int dim) throws IOException {
		@SuppressWarnings("rawtypes")
		GetResponse<Map> response;
		try {
			response = this.client.get((g) -> g.index(codecIndex()).id(CODEC_ID).realtime(true), Map.class);
		}
		catch (OpenSearchException ex) {
			if ("index_not_found_exception".equals(ex.error().type())) {
				return null;
			}
			throw ex;
		}
		if (!response.found() || response.source() == null) {
			return null;
		}
		return fromSource(codecIndex(), response.source(), this.modelFingerprint, dim);
	}

	/**
	 * Stores {@code codec} unless a codec is stored already; returns the one in force (the stored one if another
	 * client was first).
	 */
	ResidualCodec storeIfAbsent(ResidualCodec codec) throws IOException {
		ensureCodecIndex();
		Map<String, Object> source = toSource(codec, this.modelFingerprint);
		try {
			this.client.create((c) -> c.index(codecIndex()).id(CODEC_ID).document(source).refresh(Refresh.True));
			return codec;
		}
		catch (OpenSearchException ex) {
			if (ex.status() != 409) {
				throw ex;
			}
		}
		ResidualCodec existing = read(codec.dim());
		if (existing == null) {
			throw new IllegalStateException("index '" + codecIndex() + "' refused the codec as a duplicate but holds "
					+ "none: delete the index '" + codecIndex() + "' and add again");
		}
		return existing;
	}

	private void ensureCodecIndex() throws IOException {
		String index = codecIndex();
		if (this.client.indices().exists((e) -> e.index(index)).value()) {
			return;
		}
		try {
			this.client.indices().create((c) -> c.index(index)
				.settings((s) -> s.numberOfShards(1).autoExpandReplicas("0-all"))
				.mappings((m) -> m.dynamic(DynamicMapping.False)));
		}
		catch (OpenSearchException ex) {
			if (!"resource_already_exists_exception".equals(ex.error().type())) {
				throw ex;
			}
		}
	}

	static Map<String, Object> toSource(ResidualCodec codec, String modelFingerprint) {
		return CodecDocument.toSource(codec, modelFingerprint);
	}

	/** The checksum of the document of {@code codec} for this store's model: what identifies the codec to a shard. */
	String sha256(ResidualCodec codec) {
		return (String) toSource(codec, this.modelFingerprint).get("sha256");
	}

	static ResidualCodec fromSource(String index, Map<?, ?> source, String modelFingerprint, int dim) {
		try {
			CodecDocument.StoredCodec stored = CodecDocument.fromSource(source);
			if (!modelFingerprint.equals(stored.modelFingerprint()) || stored.codec().dim() != dim) {
				throw new IllegalStateException("it was trained for model " + stored.modelFingerprint() + " ("
						+ stored.codec().dim() + " dimensions), the store holds " + modelFingerprint + " (" + dim + ")");
			}
			return stored.codec();
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("index '" + index + "': the stored PLAID codec cannot serve this store: "
					+ ex.getMessage() + "; use another index name, or delete '" + index + "' with its passage index "
					+ "and reindex", ex);
		}
	}

}
