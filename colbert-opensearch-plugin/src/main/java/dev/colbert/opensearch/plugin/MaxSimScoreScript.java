package dev.colbert.opensearch.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.BytesRef;
import org.opensearch.script.ScoreScript;
import org.opensearch.search.lookup.SearchLookup;

import dev.colbert.opensearch.codes.BinaryDocValue;
import dev.colbert.opensearch.codes.BlobMaxSim;
import dev.colbert.opensearch.codes.MaxSimScript;

/**
 * The score of one segment's documents: exact MaxSim over the code blob in the document's binary doc value, plus
 * {@link MaxSimScript#offset} (scores must not be negative). A document without codes scores 0, below every passage.
 */
final class MaxSimScoreScript extends ScoreScript {

	private final BinaryDocValues values;

	private final BlobMaxSim scorer;

	private final int queryVectors;

	private final int docBase;

	MaxSimScoreScript(Map<String, Object> params, SearchLookup lookup, IndexSearcher searcher, LeafReaderContext leaf,
			BinaryDocValues values, BlobMaxSim scorer, int queryVectors) {
		super(params, lookup, searcher, leaf);
		this.values = values;
		this.scorer = scorer;
		this.queryVectors = queryVectors;
		this.docBase = leaf.docBase;
	}

	@Override
	public double execute(ExplanationHolder explanation) {
		int doc = _getDocId();
		try {
			if (!this.values.advanceExact(doc)) {
				if (explanation != null) {
					explanation.set("no codes: not a passage of a PLAID index");
				}
				return 0;
			}
			BytesRef stored = this.values.binaryValue();
			BinaryDocValue.Range blob = BinaryDocValue.single(stored.bytes, stored.offset, stored.length);
			float maxSim = this.scorer.maxSim("doc " + (this.docBase + doc), stored.bytes, blob.offset(),
					blob.length());
			if (explanation != null) {
				explanation.set("exact MaxSim " + maxSim + " over the compressed vectors, plus "
						+ MaxSimScript.offset(this.queryVectors) + " (one per query vector)");
			}
			return MaxSimScript.shardScore(maxSim, this.queryVectors);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
