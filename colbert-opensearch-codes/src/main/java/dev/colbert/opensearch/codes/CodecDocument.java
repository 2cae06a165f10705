package dev.colbert.opensearch.codes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.colbert.encoder.checkpoint.Hashing;
import dev.colbert.index.codec.ResidualCodec;

/**
 * The codec of a PLAID index on OpenSearch as the JSON document the cluster keeps, with its checksum: written by the
 * store's client, read by every client and by the shard plugin.
 *
 * <pre>
 * {"format": 2, "model_fingerprint": "...", "dim": 128, "nbits": 2, "num_centroids": 16384, "centroid_bits": 6,
 *  "quantized_centroids": base64 (int8 per coordinate up to 8 centroid bits, else big-endian int16),
 *  "centroid_scales": base64 (big-endian float32 per centroid), "bucket_cutoffs": base64 float32,
 *  "bucket_weights": base64 float32, "planned_vectors": n, "training_vectors": n, "sha256": "..."}
 * </pre>
 */
public final class CodecDocument {

	/**
	 * The layout version of the codec document and of the passages' code blobs: 2 since the blobs carry each
	 * vector's inverse norm ({@link CodeBlob}); format 1 indexes are refused and must be rebuilt.
	 */
	public static final int FORMAT = 2;

	/** The fields the document's {@code sha256} covers, in the order they are hashed. */
	private static final List<String> CHECKSUMMED = List.of("format", "model_fingerprint", "dim", "nbits",
			"num_centroids", "centroid_bits", "quantized_centroids", "centroid_scales", "bucket_cutoffs",
			"bucket_weights", "planned_vectors", "training_vectors");

	private CodecDocument() {
	}

	/** The document of {@code codec}, trained for the model with this fingerprint, with its {@code sha256}. */
	public static Map<String, Object> toSource(ResidualCodec codec, String modelFingerprint) {
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
	public static String sha256(Map<?, ?> source) {
		MessageDigest digest = Hashing.sha256();
		for (String key : CHECKSUMMED) {
			Object value = source.get(key);
			String text = (value instanceof Number number) ? Long.toString(number.longValue()) : String.valueOf(value);
			digest.update((key + "=" + text + "\n").getBytes(StandardCharsets.UTF_8));
		}
		return Hashing.hex(digest);
	}

	/**
	 * Reads a codec document.
	 * @throws IllegalStateException saying what is wrong: another format, a failed checksum, inconsistent shapes
	 */
	public static StoredCodec fromSource(Map<?, ?> source) {
		int format = number(source, "format").intValue();
		if (format != FORMAT) {
			throw new IllegalStateException("its passages use layout format " + format + ", this version reads format "
					+ FORMAT + ((format < FORMAT) ? " (written by an earlier version, whose code blobs lack the inverse "
							+ "norms)" : ""));
		}
		String computed = sha256(source);
		if (!computed.equals(source.get("sha256"))) {
			throw new IllegalStateException("it fails its checksum (stored sha256 " + source.get("sha256")
					+ ", computed " + computed + "): it was changed or damaged after it was written");
		}
		int dim = number(source, "dim").intValue();
		int nbits = number(source, "nbits").intValue();
		int numCentroids = number(source, "num_centroids").intValue();
		int centroidBits = number(source, "centroid_bits").intValue();
		if (dim < 1 || numCentroids < 1 || (long) dim * numCentroids > Integer.MAX_VALUE / 2) {
			throw new IllegalStateException("it declares " + numCentroids + " centroids of " + dim + " dimensions");
		}
		byte[] centroidBytes = Base64.getDecoder().decode(text(source, "quantized_centroids"));
		int[] quantized = new int[numCentroids * dim];
		if (centroidBytes.length != quantized.length * ((centroidBits <= 8) ? 1 : 2)) {
			throw new IllegalStateException("quantized_centroids has " + centroidBytes.length + " bytes for "
					+ numCentroids + " x " + dim + " coordinates of " + centroidBits + " bits");
		}
		ByteBuffer centroids = ByteBuffer.wrap(centroidBytes);
		for (int i = 0; i < quantized.length; i++) {
			quantized[i] = (centroidBits <= 8) ? centroids.get() : centroids.getShort();
		}
		ResidualCodec codec = new ResidualCodec(dim, nbits, numCentroids, centroidBits, quantized,
				floats(text(source, "centroid_scales")), floats(text(source, "bucket_cutoffs")),
				floats(text(source, "bucket_weights")), number(source, "planned_vectors").longValue(),
				number(source, "training_vectors").longValue());
		return new StoredCodec(codec, text(source, "model_fingerprint"), computed);
	}

	private static Number number(Map<?, ?> source, String key) {
		Object value = source.get(key);
		if (!(value instanceof Number number)) {
			throw new IllegalStateException("missing number '" + key + "'");
		}
		return number;
	}

	private static String text(Map<?, ?> source, String key) {
		Object value = source.get(key);
		if (!(value instanceof String text)) {
			throw new IllegalStateException("missing text '" + key + "'");
		}
		return text;
	}

	private static String floats(float[] values) {
		ByteBuffer buffer = ByteBuffer.allocate(4 * values.length);
		for (float value : values) {
			buffer.putFloat(value);
		}
		return Base64.getEncoder().encodeToString(buffer.array());
	}

	private static float[] floats(String base64) {
		ByteBuffer buffer = ByteBuffer.wrap(Base64.getDecoder().decode(base64));
		float[] values = new float[buffer.remaining() / 4];
		for (int i = 0; i < values.length; i++) {
			values[i] = buffer.getFloat();
		}
		return values;
	}

	/**
	 * A codec read from its document.
	 *
	 * @param codec the codec
	 * @param modelFingerprint the fingerprint of the model it was trained for
	 * @param sha256 the document's checksum, which identifies the codec
	 */
	public record StoredCodec(ResidualCodec codec, String modelFingerprint, String sha256) {
	}

}
