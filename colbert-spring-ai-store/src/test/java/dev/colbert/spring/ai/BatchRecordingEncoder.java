package dev.colbert.spring.ai;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntConsumer;

import dev.colbert.encoder.ColbertEncoder;
import dev.colbert.encoder.EncoderInfo;
import dev.colbert.encoder.TokenVectors;

/**
 * A test encoder that delegates to another, records the size of each document batch, fails on the batch after
 * {@code failAfter} (with {@link IllegalStateException}), runs an optional hook before each batch it encodes (given the
 * batch's 1-based number, for example to block a batch until a test lets it go on) and records whether it was closed
 * (closing it closes the delegate).
 */
public final class BatchRecordingEncoder implements ColbertEncoder {

	private final ColbertEncoder delegate;

	private final int failAfter;

	private final IntConsumer beforeBatch;

	private final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());

	private volatile boolean closed;

	/**
	 * @param delegate the encoder that does the work
	 * @param failAfter how many document batches succeed before every later one fails ({@link Integer#MAX_VALUE}:
	 * none fails)
	 */
	public BatchRecordingEncoder(ColbertEncoder delegate, int failAfter) {
		this(delegate, failAfter, (batch) -> {
		});
	}

	/**
	 * @param delegate the encoder that does the work
	 * @param failAfter how many document batches succeed before every later one fails ({@link Integer#MAX_VALUE}:
	 * none fails)
	 * @param beforeBatch runs before each batch that is encoded, with its 1-based number
	 */
	public BatchRecordingEncoder(ColbertEncoder delegate, int failAfter, IntConsumer beforeBatch) {
		this.delegate = delegate;
		this.failAfter = failAfter;
		this.beforeBatch = beforeBatch;
	}

	/** The sizes of the document batches encoded so far. */
	public List<Integer> batchSizes() {
		return List.copyOf(this.batchSizes);
	}

	public boolean isClosed() {
		return this.closed;
	}

	@Override
	public TokenVectors encodeQuery(String query) {
		return this.delegate.encodeQuery(query);
	}

	@Override
	public List<TokenVectors> encodeDocuments(List<String> documents) {
		int batch;
		synchronized (this.batchSizes) {
			if (this.batchSizes.size() >= this.failAfter) {
				throw new IllegalStateException("encoder failure in batch " + (this.batchSizes.size() + 1));
			}
			this.batchSizes.add(documents.size());
			batch = this.batchSizes.size();
		}
		this.beforeBatch.accept(batch);
		return this.delegate.encodeDocuments(documents);
	}

	@Override
	public EncoderInfo info() {
		return this.delegate.info();
	}

	@Override
	public void close() {
		this.closed = true;
		this.delegate.close();
	}

}
