package dev.colbert.opensearch.plugin;

import java.util.Map;

import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.IndexSearcher;
import org.opensearch.script.ScoreScript;
import org.opensearch.search.lookup.SearchLookup;

import dev.colbert.index.codec.ResidualCodec;
import dev.colbert.opensearch.codes.BlobMaxSim;
import dev.colbert.opensearch.codes.MaxSimScript;

/**
 * Builds the scorers of one search on one shard: reads the parameters and finds the codec ({@link ShardCodecs});
 * each segment then gets its own {@link MaxSimScoreScript} and {@link BlobMaxSim}, which scores the query against the
 * centroids its candidates use as they come (scratch buffers are not shared between threads).
 */
final class MaxSimScoreFactory implements ScoreScript.Factory {

	private final ShardCodecs codecs;

	MaxSimScoreFactory(ShardCodecs codecs) {
		this.codecs = codecs;
	}

	@Override
	public boolean isResultDeterministic() {
		return true;
	}

	@Override
	public ScoreScript.LeafFactory newFactory(Map<String, Object> params, SearchLookup lookup, IndexSearcher searcher) {
		int queryVectors = integer(params, MaxSimScript.QUERY_VECTORS);
		int dim = integer(params, MaxSimScript.DIM);
		float[] query = MaxSimScript.decodeQuery(text(params, MaxSimScript.QUERY), queryVectors, dim);
		ResidualCodec codec = this.codecs.codec(text(params, MaxSimScript.CODEC_INDEX),
				text(params, MaxSimScript.CODEC_SHA256));
		if (codec.dim() != dim) {
			throw new IllegalArgumentException("the query has " + dim + " dimensions, the codec " + codec.dim());
		}
		String field = text(params, MaxSimScript.FIELD);
		return new ScoreScript.LeafFactory() {

			@Override
			public boolean needs_score() {
				return false;
			}

			@Override
			public ScoreScript newInstance(LeafReaderContext context) throws java.io.IOException {
				BinaryDocValues values = DocValues.getBinary(context.reader(), field);
				return new MaxSimScoreScript(params, lookup, searcher, context, values,
						new BlobMaxSim(codec, query, queryVectors), queryVectors);
			}

		};
	}

	private static int integer(Map<String, Object> params, String name) {
		if (!(params.get(name) instanceof Number number)) {
			throw new IllegalArgumentException("the " + MaxSimScript.LANG + " script needs the number parameter '"
					+ name + "'");
		}
		return number.intValue();
	}

	private static String text(Map<String, Object> params, String name) {
		if (!(params.get(name) instanceof String text) || text.isEmpty()) {
			throw new IllegalArgumentException("the " + MaxSimScript.LANG + " script needs the text parameter '"
					+ name + "'");
		}
		return text;
	}

}
