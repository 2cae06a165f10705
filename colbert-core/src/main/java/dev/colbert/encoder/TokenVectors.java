package dev.colbert.encoder;

import java.util.Arrays;
import java.util.Objects;

/**
 * The token vectors of one encoded text: {@code count} rows of {@code dim} floats, row-major, each row L2-normalized.
 *
 * <p>{@code tokenIds[i]} is the vocabulary id behind row {@code i}; {@code charStart[i]}/{@code charEnd[i]} are the
 * character offsets of that token in the original text, or {@code -1} for tokens that are not in the text ({@code [CLS]},
 * markers, {@code [SEP]}, {@code [MASK]} padding). Instances are immutable by contract: callers must not modify the arrays.
 */
public final class TokenVectors {

	private final float[] data;

	private final int count;

	private final int dim;

	private final int[] tokenIds;

	private final int[] charStart;

	private final int[] charEnd;

	public TokenVectors(float[] data, int count, int dim, int[] tokenIds, int[] charStart, int[] charEnd) {
		this.data = Objects.requireNonNull(data, "data");
		if (dim <= 0 || count < 0 || data.length != count * dim) {
			throw new IllegalArgumentException(
					"data has " + data.length + " floats, expected count (" + count + ") x dim (" + dim + ")");
		}
		this.count = count;
		this.dim = dim;
		this.tokenIds = checkLength(tokenIds, count, "tokenIds");
		this.charStart = checkLength(charStart, count, "charStart");
		this.charEnd = checkLength(charEnd, count, "charEnd");
	}

	/** Vectors without token information (for example vectors read back from an index). */
	public static TokenVectors of(float[] data, int count, int dim) {
		int[] none = new int[count];
		Arrays.fill(none, -1);
		return new TokenVectors(data, count, dim, none, none, none);
	}

	private static int[] checkLength(int[] values, int count, String name) {
		Objects.requireNonNull(values, name);
		if (values.length != count) {
			throw new IllegalArgumentException(name + " has " + values.length + " entries, expected " + count);
		}
		return values;
	}

	/** Row-major vector data, {@code count * dim} floats. Do not modify. */
	public float[] data() {
		return this.data;
	}

	public int count() {
		return this.count;
	}

	public int dim() {
		return this.dim;
	}

	public int[] tokenIds() {
		return this.tokenIds;
	}

	public int[] charStart() {
		return this.charStart;
	}

	public int[] charEnd() {
		return this.charEnd;
	}

	/** Offset of row {@code i} in {@link #data()}. */
	public int offset(int i) {
		return i * this.dim;
	}

	/** A copy of row {@code i}. */
	public float[] vector(int i) {
		return Arrays.copyOfRange(this.data, i * this.dim, (i + 1) * this.dim);
	}

	@Override
	public String toString() {
		return "TokenVectors[count=" + this.count + ", dim=" + this.dim + "]";
	}

}
