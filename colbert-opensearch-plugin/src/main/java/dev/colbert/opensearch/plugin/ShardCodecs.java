package dev.colbert.opensearch.plugin;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.opensearch.action.get.GetResponse;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.transport.client.Client;

import dev.colbert.index.codec.ResidualCodec;
import dev.colbert.opensearch.codes.CodecDocument;
import dev.colbert.opensearch.codes.MaxSimScript;

/**
 * The codecs of the PLAID indexes this node scores, read once from their codec documents and kept by checksum. A
 * query names the codec's index and the checksum of the codec its client used: a shard whose codec document has
 * another checksum (retrained, replaced) refuses to score rather than score with other centroids.
 *
 * <p>The codec index keeps a copy on every node ({@code auto_expand_replicas: 0-all}), so the read is local.
 */
final class ShardCodecs {

	/**
	 * Codecs kept at most (16,384 centroids of 384 dimensions take about 50 MB of heap); more distinct codecs than
	 * this empty the cache.
	 */
	static final int MAX_CODECS = 8;

	private static final TimeValue READ_TIMEOUT = TimeValue.timeValueSeconds(30);

	private final Map<String, ResidualCodec> bySha256 = new ConcurrentHashMap<>();

	private volatile Client client;

	void setClient(Client client) {
		this.client = Objects.requireNonNull(client, "client");
	}

	/**
	 * The codec of {@code codecIndex}, which must have checksum {@code sha256}.
	 * @throws IllegalArgumentException when the index is not a codec index, holds no codec, or holds another one
	 */
	ResidualCodec codec(String codecIndex, String sha256) {
		// only companion codec indexes of the store can be read this way
		if (!codecIndex.endsWith(MaxSimScript.CODEC_INDEX_SUFFIX)) {
			throw new IllegalArgumentException("'" + codecIndex + "' is not a ColBERT codec index (its name ends with "
					+ MaxSimScript.CODEC_INDEX_SUFFIX + ")");
		}
		ResidualCodec cached = this.bySha256.get(sha256);
		if (cached != null) {
			return cached;
		}
		Client current = this.client;
		if (current == null) {
			throw new IllegalStateException("the node is still starting: retry");
		}
		GetResponse response = current.prepareGet(codecIndex, MaxSimScript.CODEC_ID)
			.setPreference("_local")
			.get(READ_TIMEOUT);
		if (!response.isExists()) {
			throw new IllegalArgumentException("index '" + codecIndex + "' holds no codec document '"
					+ MaxSimScript.CODEC_ID + "'");
		}
		CodecDocument.StoredCodec stored;
		try {
			stored = CodecDocument.fromSource(response.getSourceAsMap());
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("the codec in '" + codecIndex + "' cannot be used: " + ex.getMessage(),
					ex);
		}
		if (!stored.sha256().equals(sha256)) {
			throw new IllegalArgumentException("the codec in '" + codecIndex + "' has checksum " + stored.sha256()
					+ " but the query was encoded for codec " + sha256 + ": the client holds another codec; reopen the "
					+ "store");
		}
		if (this.bySha256.size() >= MAX_CODECS) {
			this.bySha256.clear();
		}
		this.bySha256.put(sha256, stored.codec());
		return stored.codec();
	}

}
