package dev.colbert.opensearch.codes;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contract between the store's client and the shard plugin ({@code colbert-opensearch-plugin}): a score script of
 * language {@value #LANG} and source {@value #SOURCE}, used as the {@code rescore_query} of a search, gives each
 * candidate of a shard's rescore window its exact MaxSim over the codes in its binary doc value (the field {@value #FIELD} names), plus
 * {@link #offset} (OpenSearch refuses negative scores; a cosine is at least -1, so MaxSim is at least minus the
 * number of query vectors).
 *
 * <p>Parameters: {@value #QUERY} (the query vectors, {@link #encodeQuery}), {@value #QUERY_VECTORS}, {@value #DIM},
 * {@value #CODEC_INDEX} (the index whose document {@value #CODEC_ID} holds the codec, {@link CodecDocument}; its name
 * ends with {@value #CODEC_INDEX_SUFFIX}),
 * {@value #CODEC_SHA256} (the checksum of the codec the client uses: a shard holding another refuses to score) and
 * {@value #FIELD}.
 */
public final class MaxSimScript {

	/** The script language the plugin registers. */
	public static final String LANG = "colbert";

	/** The one script source it compiles. */
	public static final String SOURCE = "plaid_maxsim";

	/** The plugin's name, as {@code _cat/plugins} and {@code _nodes/plugins} list it. */
	public static final String PLUGIN_NAME = "colbert-opensearch-plugin";

	public static final String QUERY = "query";

	public static final String QUERY_VECTORS = "query_vectors";

	public static final String DIM = "dim";

	public static final String CODEC_INDEX = "codec_index";

	public static final String CODEC_SHA256 = "codec_sha256";

	public static final String FIELD = "field";

	/** The id of the codec document in its index. */
	public static final String CODEC_ID = "codec";

	/**
	 * The suffix of a codec index's name ({@code <index>-colbert-codec}): the plugin reads codecs from such indexes
	 * only.
	 */
	public static final String CODEC_INDEX_SUFFIX = "-colbert-codec";

	/** The most query vectors a script accepts. */
	public static final int MAX_QUERY_VECTORS = 1024;

	/** The most dimensions a script accepts. */
	public static final int MAX_DIM = 4096;

	private MaxSimScript() {
	}

	/** The score the script gives a passage of MaxSim {@code maxSim} for a query of {@code queryVectors} vectors. */
	public static double shardScore(double maxSim, int queryVectors) {
		return maxSim + offset(queryVectors);
	}

	/** What the script adds to MaxSim: the number of query vectors. */
	public static double offset(int queryVectors) {
		return queryVectors;
	}

	/** The script's parameters for a query. */
	public static Map<String, Object> params(float[] query, int queryVectors, int dim, String codecIndex,
			String codecSha256, String field) {
		Map<String, Object> params = new LinkedHashMap<>();
		params.put(QUERY, encodeQuery(query, queryVectors, dim));
		params.put(QUERY_VECTORS, queryVectors);
		params.put(DIM, dim);
		params.put(CODEC_INDEX, codecIndex);
		params.put(CODEC_SHA256, codecSha256);
		params.put(FIELD, field);
		return params;
	}

	/** {@code queryVectors x dim} floats as base64 of big-endian float32. */
	public static String encodeQuery(float[] query, int queryVectors, int dim) {
		ByteBuffer buffer = ByteBuffer.allocate(queryVectors * dim * Float.BYTES);
		for (int i = 0; i < queryVectors * dim; i++) {
			buffer.putFloat(query[i]);
		}
		return Base64.getEncoder().encodeToString(buffer.array());
	}

	/**
	 * The query vectors of {@link #encodeQuery}.
	 * @throws IllegalArgumentException when the text is not base64 of {@code queryVectors x dim} finite floats
	 */
	public static float[] decodeQuery(String base64, int queryVectors, int dim) {
		if (queryVectors < 1 || queryVectors > MAX_QUERY_VECTORS || dim < 1 || dim > MAX_DIM) {
			throw new IllegalArgumentException("a query of " + queryVectors + " vectors of " + dim + " dimensions: "
					+ "expected 1 to " + MAX_QUERY_VECTORS + " vectors of 1 to " + MAX_DIM + " dimensions");
		}
		byte[] bytes = Base64.getDecoder().decode(base64);
		if (bytes.length != queryVectors * dim * Float.BYTES) {
			throw new IllegalArgumentException("the query parameter holds " + bytes.length + " bytes, not "
					+ queryVectors + " x " + dim + " float32");
		}
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		float[] query = new float[queryVectors * dim];
		for (int i = 0; i < query.length; i++) {
			query[i] = buffer.getFloat();
			if (!Float.isFinite(query[i])) {
				throw new IllegalArgumentException("query coordinate " + i + " is " + query[i]);
			}
		}
		return query;
	}

}
