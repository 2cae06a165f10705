package dev.colbert.testing;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.LongAdder;

import dev.colbert.encoder.TokenVectors;

/**
 * The synthetic collection of the scale benchmarks: {@code vectors / 100} passages of 60 to 140 (on average 100)
 * clustered token vectors of dimension {@value #DIM} ({@link ClusteredTokenGenerator}, seed 7), and queries of
 * {@value #QUERY_LENGTH} vectors, each aimed at one passage. The embedded store's and the OpenSearch store's scale
 * benchmarks index exactly these vectors, so one's index can serve as the other's peer and reference.
 */
public final class ScaleCorpus {

	/** The model fingerprint the benchmarks' indexes record. */
	public static final String MODEL = "synthetic-clustered-128";

	public static final int DIM = 128;

	public static final int QUERY_LENGTH = 32;

	private final ClusteredTokenGenerator generator = new ClusteredTokenGenerator(7, DIM, 60, 140);

	private final int documents;

	/** The collection of about {@code vectors} token vectors. */
	public ScaleCorpus(long vectors) {
		if (vectors < 100 || vectors / 100 > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("vectors must be between 100 and 100 x 2^31, was " + vectors);
		}
		this.documents = (int) (vectors / 100);
	}

	/** Passages in the collection. */
	public int documents() {
		return this.documents;
	}

	/** Passage {@code number}'s id. */
	public static String id(int number) {
		return "d" + number;
	}

	/** Passage {@code number}'s vectors (generated again on every call). */
	public TokenVectors document(int number) {
		return this.generator.document(number);
	}

	/** Query {@code number}: aimed at passage {@code number * 7919 mod documents}. */
	public TokenVectors query(int number) {
		return this.generator.query((number * 7919L) % this.documents, QUERY_LENGTH, 1000 + number);
	}

	/**
	 * The first {@code count} passages, generated lazily on each pass (a codec trainer's sample: passages are
	 * i.i.d., so the first ones are a uniform sample, and only the trainer's copy is held in memory).
	 * @param generationNanos receives the time spent generating, to be subtracted from a measured build; may be null
	 */
	public Iterable<TokenVectors> firstDocuments(int count, LongAdder generationNanos) {
		return () -> new Iterator<>() {

			private int next;

			@Override
			public boolean hasNext() {
				return this.next < count;
			}

			@Override
			public TokenVectors next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				long start = System.nanoTime();
				TokenVectors vectors = document(this.next++);
				if (generationNanos != null) {
					generationNanos.add(System.nanoTime() - start);
				}
				return vectors;
			}

		};
	}

}
