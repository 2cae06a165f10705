package dev.colbert.lexical;

import java.io.IOException;

import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.util.BytesRef;

import dev.colbert.index.DocumentFilter;
import dev.colbert.index.format.MetadataCodec;

/**
 * Passes to the wrapped collector only the documents a {@link DocumentFilter} matches, tested on their id and their
 * stored metadata. The wrapped top-K collector raises its minimum competitive score from accepted documents only, so
 * BM25's dynamic pruning stays correct and the result is the top-K of the matching documents.
 */
final class FilteringCollector implements Collector {

	private final Collector in;

	private final DocumentFilter filter;

	FilteringCollector(Collector in, DocumentFilter filter) {
		this.in = in;
		this.filter = filter;
	}

	@Override
	public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
		LeafCollector leaf = this.in.getLeafCollector(context);
		BinaryDocValues ids = DocValues.getBinary(context.reader(), LexicalIndex.ID);
		BinaryDocValues metadata = DocValues.getBinary(context.reader(), LexicalIndex.METADATA);
		DocumentFilter filter = this.filter;
		return new LeafCollector() {

			@Override
			public void setScorer(Scorable scorer) throws IOException {
				leaf.setScorer(scorer);
			}

			@Override
			public void collect(int doc) throws IOException {
				if (ids.advanceExact(doc) && metadata.advanceExact(doc)) {
					String id = ids.binaryValue().utf8ToString();
					BytesRef bytes = metadata.binaryValue();
					byte[] encoded = new byte[bytes.length];
					System.arraycopy(bytes.bytes, bytes.offset, encoded, 0, bytes.length);
					if (filter.matches(id, MetadataCodec.decode(encoded))) {
						leaf.collect(doc);
					}
				}
			}

			@Override
			public void finish() throws IOException {
				leaf.finish();
			}

		};
	}

	@Override
	public ScoreMode scoreMode() {
		return this.in.scoreMode();
	}

}
