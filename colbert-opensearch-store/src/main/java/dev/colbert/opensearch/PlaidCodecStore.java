package dev.colbert.opensearch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.Refresh;
import org.opensearch.client.opensearch._types.mapping.DynamicMapping;
import org.opensearch.client.opensearch.core.GetResponse;

import dev.colbert.encoder.checkpoint.Hashing;
import dev.colbert.index.codec.ResidualCodec;

/**
 * Keeps the codec of a {@link CandidateGeneration#PLAID} index in the cluster, so that every client and shard uses the
 * same one: one document {@value #CODEC_ID} in the companion index {@code <index>}{@value #SUFFIX} (one shard, the
 * store's replicas, nothing indexed). The document is created with {@code op_type=create}: when two clients train at
 * once, the first write wins and the other adopts it before writing any passage.
 *
 * <pre>
 * {"format": 2, "model_fingerprint": "...", "dim": 128, "nbits": 2, "num_centroids": 16384, "centroid_bits": 6,
 *  "quantized_centroids": base64 (int8 per coordinate up to 8 centroid bits, else big-endian int16),
 *  "centroid_scales": base64 (big-endian float32 per centroid), "bucket_cutoffs": base64 float32,
 *  "bucket_weights": base64 float32, "planned_vectors": n, "training_vectors": n}
 * </pre>
 *
 * Retraining the codec means a new index (a new codec document), reindexing and an alias switch; this store does not
 * do that itself.
 */
final class PlaidCodecStore {

	/** The companion index name's suffix. */
	static final String SUFFIX = "-colbert-codec";

	static final String CODEC_ID = "codec";

	/**
	 * The layout version of the codec document and of the passages' code blobs: 2 since the blobs carry each
	 * vector's inverse norm ({@link PlaidCodec}); format 1 indexes are refused and must be rebuilt.
	 */
	static final int FORMAT = 2;

	/** The fields the document's {@code sha256} covers, in the order they are hashed. */
	private static final List<String> CHECKSUMMED = List.of("format", "model_fingerprint", "dim", "nbits",
			"num_centroids", "centroid_bits", "quantized_centroids", "centroid_scales", "bucket_cutoffs",
			"bucket_weights", "planned_vectors", "training_vectors");

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
				.settings((s) -> s.numberOfShards(1).numberOfReplicas(this.settings.replicas()))
				.mappings((m) -> m.dynamic(DynamicMapping.False)));
		}
		catch (OpenSearchException ex) {
			if (!"resource_already_exists_exception".equals(ex.error().type())) {
				throw ex;
			}
		}
	}

	static Map<String, Object> toSource(ResidualCodec codec, String modelFingerprint) {
		Map<String, Object> source = new LinkedHashMap<>();
		source.put("format", FORMAT);
		source.put("model_fingerprint", modelFingerprint);
		source.put("dim", codec.dim());
		source.put("nbits", codec.nbits());
		source.put("num_centroids", codec.numCentroids());
		source.put("centroid_bits", codec.centroidBits());
		int[] quantized = codec.quantizedCentroids();
		ByteBuffer centroids = ByteBuffer.allocate(quantized.length * ((codec.centroidBits() <= 8) ? 1 : 2));
		for (int q : quantized) {
			if (codec.centroidBits() <= 8) {
				centroids.put((byte) q);
			}
			else {
				centroids.putShort((short) q);
			}
		}
		source.put("quantized_centroids", Base64.getEncoder().encodeToString(centroids.array()));
		source.put("centroid_scales", floats(codec.centroidScales()));
		source.put("bucket_cutoffs", floats(codec.bucketCutoffs()));
		source.put("bucket_weights", floats(codec.bucketWeights()));
		source.put("planned_vectors", codec.plannedVectors());
		source.put("training_vectors", codec.trainingVectors());
		source.put("sha256", sha256(source));
		return source;
	}

	/**
	 * The sha256 of the codec fields ({@link #CHECKSUMMED}, each as {@code key=value\n}, numbers as integers): a
	 * codec document changed or damaged after it was written is refused instead of scoring with wrong centroids.
	 */
	static String sha256(Map<?, ?> source) {
		MessageDigest digest = Hashing.sha256();
		for (String key : CHECKSUMMED) {
			Object value = source.get(key);
			String text = (value instanceof Number number) ? Long.toString(number.longValue()) : String.valueOf(value);
			digest.update((key + "=" + text + "\n").getBytes(StandardCharsets.UTF_8));
		}
		return Hashing.hex(digest);
	}

	static ResidualCodec fromSource(String index, Map<?, ?> source, String modelFingerprint, int dim) {
		try {
			int format = number(source, "format").intValue();
			if (format != FORMAT) {
				throw new IllegalStateException("its passages use layout format " + format + ", this store reads "
						+ "format " + FORMAT + ((format < FORMAT) ? " (written by an earlier version, whose code blobs "
						+ "lack the inverse norms)" : ""));
			}
			String computed = sha256(source);
			if (!computed.equals(source.get("sha256"))) {
				throw new IllegalStateException("it fails its checksum (stored sha256 " + source.get("sha256")
						+ ", computed " + computed + "): it was changed or damaged after it was written");
			}
			String fingerprint = (String) source.get("model_fingerprint");
			int storedDim = number(source, "dim").intValue();
			if (!modelFingerprint.equals(fingerprint) || storedDim != dim) {
				throw new IllegalStateException("it was trained for model " + fingerprint + " (" + storedDim
						+ " dimensions), the store holds " + modelFingerprint + " (" + dim + ")");
			}
			int nbits = number(source, "nbits").intValue();
			int numCentroids = number(source, "num_centroids").intValue();
			int centroidBits = number(source, "centroid_bits").intValue();
			byte[] centroidBytes = Base64.getDecoder().decode((String) source.get("quantized_centroids"));
			int[] quantized = new int[numCentroids * dim];
			ByteBuffer centroids = ByteBuffer.wrap(centroidBytes);
			if (centroidBytes.length != quantized.length * ((centroidBits <= 8) ? 1 : 2)) {
				throw new IllegalStateException("quantized_centroids has " + centroidBytes.length + " bytes for "
						+ numCentroids + " x " + dim + " coordinates of " + centroidBits + " bits");
			}
			for (int i = 0; i < quantized.length; i++) {
				quantized[i] = (centroidBits <= 8) ? centroids.get() : centroids.getShort();
			}
			return new ResidualCodec(dim, nbits, numCentroids, centroidBits, quantized,
					floats(source.get("centroid_scales")), floats(source.get("bucket_cutoffs")),
					floats(source.get("bucket_weights")), number(source, "planned_vectors").longValue(),
					number(source, "training_vectors").longValue());
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("index '" + index + "': the stored PLAID codec cannot serve this store: "
					+ ex.getMessage() + "; use another index name, or delete '" + index + "' with its passage index "
					+ "and reindex", ex);
		}
	}

	private static Number number(Map<?, ?> source, String key) {
		Object value = source.get(key);
		if (!(value instanceof Number number)) {
			throw new IllegalStateException("missing number '" + key + "'");
		}
		return number;
	}

	private static String floats(float[] values) {
		ByteBuffer buffer = ByteBuffer.allocate(4 * values.length);
		for (float value : values) {
			buffer.putFloat(value);
		}
		return Base64.getEncoder().encodeToString(buffer.array());
	}

	private static float[] floats(Object base64) {
		if (!(base64 instanceof String text)) {
			throw new IllegalStateException("missing float array");
		}
		ByteBuffer buffer = ByteBuffer.wrap(Base64.getDecoder().decode(text));
		float[] values = new float[buffer.remaining() / 4];
		for (int i = 0; i < values.length; i++) {
			values[i] = buffer.getFloat();
		}
		return values;
	}

}
