package dev.colbert.sample.ingest;

import java.util.List;
import java.util.function.IntConsumer;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.EncoderInfo;
import dev.colbert.encoder.TokenVectors;

/**
 * A {@link ColbertEncoder} that reports how many documents it has encoded, so that one long
 * {@code VectorStore.add} can show its progress on the page. It delegates everything and closes nothing: the
 * application's encoder stays owned by the application context.
 */
final class ProgressReportingEncoder implements ColbertEncoder {

	private final ColbertEncoder delegate;

	private final IntConsumer encoded;

	private int count;

	/**
	 * @param delegate the encoder doing the work
	 * @param encoded called with the number of documents encoded so far after every batch
	 */
	ProgressReportingEncoder(ColbertEncoder delegate, IntConsumer encoded) {
		this.delegate = delegate;
		this.encoded = encoded;
	}

	@Override
	public TokenVectors encodeQuery(String query) {
		return this.delegate.encodeQuery(query);
	}

	@Override
	public List<TokenVectors> encodeDocuments(List<String> documents) {
		List<TokenVectors> vectors = this.delegate.encodeDocuments(documents);
		synchronized (this) {
			this.count += documents.size();
			this.encoded.accept(this.count);
		}
		return vectors;
	}

	@Override
	public EncoderInfo info() {
		return this.delegate.info();
	}

	@Override
	public void close() {
		// the delegate belongs to the application context
	}

}
