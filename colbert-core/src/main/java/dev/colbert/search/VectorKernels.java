package dev.colbert.search;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the Java Vector API (incubating in JDK 17 to 25: the JVM needs {@code --add-modules
 * jdk.incubator.vector}). Query-indexed rows are padded to a multiple of 8 floats and processed in blocks of up to 32
 * columns, one method per block width (1 to 4 vectors of 8 lanes) so that the accumulators of a block stay in
 * registers: a document's exact MaxSim then costs two table loads and two additions per residual byte and 8 query
 * vectors, with no loads or stores of accumulators, which HotSpot's auto-vectorizer cannot achieve for loops of 32
 * iterations.
 *
 * <p>Only loaded (by name, through {@link SimdSupport}) when the module is present; never referenced directly.
 */
final class VectorKernels implements ScoringKernels {

	static final VectorSpecies<Float> F = FloatVector.SPECIES_256;

	static final int LANES = 8;

	static final int BLOCK = 4 * LANES;

	/** Float centroid ids in argmax are exact up to 2^24. */
	private static final int MAX_ARGMAX_ROWS = 1 << 24;

	VectorKernels() {
		if (FloatVector.SPECIES_PREFERRED.vectorBitSize() < F.vectorBitSize()) {
			// the Vector API would emulate 256-bit vectors, far slower than scalar code
			throw new UnsupportedOperationException("the CPU has no native " + F.vectorBitSize()
					+ "-bit float vectors (preferred size " + FloatVector.SPECIES_PREFERRED.vectorBitSize() + " bits)");
		}
	}

	@Override
	public String description() {
		return "Java Vector API kernels (" + FloatVector.SPECIES_PREFERRED.vectorBitSize() + "-bit preferred, "
				+ F.vectorBitSize() + "-bit used)";
	}

	@Override
	public boolean scoresCentroids() {
		return true;
	}

	@Override
	public int stride(int nq) {
		return (nq + LANES - 1) / LANES * LANES;
	}

	/** Vectors of 8 lanes in the column block starting at {@code col}. */
	static int vectors(int stride, int col) {
		return Math.min(4, (stride - col) / LANES);
	}

	@Override
	public void centroidScores(float[] centroids, int dim, int from, int to, float[] queryTransposed, int stride,
			float[] out, int outOffset) {
		CentroidScoreKernels.score(centroids, dim, from, to, queryTransposed, stride, out, outOffset);
	}

	@Override
	public int[] argmaxColumns(float[] scores, int count, int stride, int nq) {
		if (count >= MAX_ARGMAX_ROWS) {
			return ScalarKernels.INSTANCE.argmaxColumns(scores, count, stride, nq);
		}
		float[] best = new float[stride];
		for (int col = 0; col < stride; col += BLOCK) {
			switch (vectors(stride, col)) {
				case 1 -> argmaxColumns1(scores, count, stride, col, best);
				case 2 -> argmaxColumns2(scores, count, stride, col, best);
				case 3 -> argmaxColumns3(scores, count, stride, col, best);
				default -> argmaxColumns4(scores, count, stride, col, best);
			}
		}
		int[] result = new int[nq];
		for (int i = 0; i < nq; i++) {
			result[i] = (int) best[i];
		}
		return result;
	}

	@Override
	public float centroidInteraction(float[] scores, int stride, int nq, int[] codes, int start, int end,
			boolean[] reaching, float floor, float[] scratch) {
		boolean any = false;
		for (int col = 0; col < stride; col += BLOCK) {
			any = switch (vectors(stride, col)) {
				case 1 -> centroidInteraction1(scores, stride, col, codes, start, end, reaching, floor, scratch);
				case 2 -> centroidInteraction2(scores, stride, col, codes, start, end, reaching, floor, scratch);
				case 3 -> centroidInteraction3(scores, stride, col, codes, start, end, reaching, floor, scratch);
				default -> centroidInteraction4(scores, stride, col, codes, start, end, reaching, floor, scratch);
			};
		}
		if (!any && reaching != null) {
			return Float.NaN;
		}
		float total = 0f;
		for (int i = 0; i < nq; i++) {
			total += scratch[i];
		}
		return total;
	}

	@Override
	public ResidualTable residualTable(float[] query, int nq, int dim, int nbits, float[] bucketWeights,
			int bytesPerVector) {
		int stride = stride(nq);
		int mask = (1 << nbits) - 1;
		int perNibble = Math.max(1, 4 / nbits);
		int nibbles = 2 * bytesPerVector;
		float[] flat = new float[nibbles * 16 * stride];
		for (int h = 0; h < nibbles; h++) {
			for (int value = 0; value < 16; value++) {
				int row = (h * 16 + value) * stride;
				for (int t = 0; t < perNibble; t++) {
					int d = h * perNibble + t;
					if (d >= dim) {
						continue;
					}
					float w = bucketWeights[(value >>> (4 - nbits * (t + 1))) & mask];
					for (int i = 0; i < nq; i++) {
						flat[row + i] += query[i * dim + d] * w;
					}
				}
			}
		}
		return new ResidualTable(null, flat, nq, stride, bytesPerVector);
	}

	@Override
	public float maxSim(ResidualTable table, float[] scores, int[] codes, int codeStart, byte[] residuals, int length,
			float[] inverseNorms, int normStart, float[] scratch) {
		int stride = table.stride();
		int bpv = table.bytesPerVector();
		float[] flat = table.flat();
		for (int col = 0; col < stride; col += BLOCK) {
			switch (vectors(stride, col)) {
				case 1 -> maxSim1(flat, stride, col, bpv, scores, codes, codeStart, residuals, length, inverseNorms,
						normStart, scratch);
				case 2 -> maxSim2(flat, stride, col, bpv, scores, codes, codeStart, residuals, length, inverseNorms,
						normStart, scratch);
				case 3 -> maxSim3(flat, stride, col, bpv, scores, codes, codeStart, residuals, length, inverseNorms,
						normStart, scratch);
				default -> maxSim4(flat, stride, col, bpv, scores, codes, codeStart, residuals, length, inverseNorms,
						normStart, scratch);
			}
		}
		float total = 0f;
		for (int i = 0, nq = table.nq(); i < nq; i++) {
			total += scratch[i];
		}
		return total;
	}

	// Generated block kernels: the suffix is the number of 8-lane vectors per column block.

	private static void argmaxColumns1(float[] scores, int count, int stride, int col, float[] best) {
		FloatVector m0 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
		FloatVector i0 = FloatVector.zero(F);
		for (int c = 0; c < count; c++) {
			FloatVector id = FloatVector.broadcast(F, (float) c);
			int base = c * stride + col;
			FloatVector v0 = FloatVector.fromArray(F, scores, base + 0);
			VectorMask<Float> g0 = v0.compare(VectorOperators.GT, m0);
			m0 = m0.blend(v0, g0);
			i0 = i0.blend(id, g0);
		}
		i0.intoArray(best, col + 0);
	}

	private static void argmaxColumns2(float[] scores, int count, int stride, int col, float[] best) {
		FloatVector m0 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
		FloatVector i0 = FloatVector.zero(F);
		FloatVector m1 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
		FloatVector i1 = FloatVector.zero(F);
		for (int c = 0; c < count; c++) {
			FloatVector id = FloatVector.broadcast(F, (float) c);
			int base = c * stride + col;
			FloatVector v0 = FloatVector.fromArray(F, scores, base + 0);
			VectorMask<Float> g0 = v0.compare(VectorOperators.GT, m0);
			m0 = m0.blend(v0, g0);
			i0 = i0.blend(id, g0);
			FloatVector v1 = FloatVector.fromArray(F, scores, base + 8);
			VectorMask<Float> g1 = v1.compare(VectorOperators.GT, m1);
			m1 = m1.blend(v1, g1);
			i1 = i1.blend(id, g1);
		}
		i0.intoArray(best, col + 0);
		i1.intoArray(best, col + 8);
	}

	private static void argmaxColumns3(float[] scores, int count, int stride, int col, float[] best) {
		FloatVector m0 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
		FloatVector i0 = FloatVector.zero(F);
		FloatVector m1 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
		FloatVector i1 = FloatVector.zero(F);
		FloatVector m2 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
		FloatVector i2 = FloatVector.zero(F);
		for (int c = 0; c < count; c++) {
			FloatVector id = FloatVector.broadcast(F, (float) c);
			int base = c * stride + col;
			FloatVector v0 = FloatVector.fromArray(F, scores, base + 0);
			VectorMask<Float> g0 = v0.compare(VectorOperators.GT, m0);
			m0 = m0.blend(v0, g0);
			i0 = i0.blend(id, g0);
			FloatVector v1 = FloatVector.fromArray(F, scores, base + 8);
			VectorMask<Float> g1 = v1.compare(VectorOperators.GT, m1);
			m1 = m1.blend(v1, g1);
			i1 = i1.blend(id, g1);
			FloatVector v2 = FloatVector.fromArray(F, scores, base + 16);
			VectorMask<Float> g2 = v2.compare(VectorOperators.GT, m2);
			m2 = m2.blend(v2, g2);
			i2 = i2.blend(id, g2);
		}
		i0.intoArray(best, col + 0);
		i1.intoArray(best, col + 8);
		i2.intoArray(best, col + 16);
	}

	private static void argmaxColumns4(float[] scores, int count, int stride, int col, float[] best) {
		FloatVector m0 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
		FloatVector i0 = FloatVector.zero(F);
		FloatVector m1 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
		FloatVector i1 = FloatVector.zero(F);
		FloatVector m2 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
		FloatVector i2 = FloatVector.zero(F);
		FloatVector m3 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
		FloatVector i3 = FloatVector.zero(F);
		for (int c = 0; c < count; c++) {
			FloatVector id = FloatVector.broadcast(F, (float) c);
			int base = c * stride + col;
			FloatVector v0 = FloatVector.fromArray(F, scores, base + 0);
			VectorMask<Float> g0 = v0.compare(VectorOperators.GT, m0);
			m0 = m0.blend(v0, g0);
			i0 = i0.blend(id, g0);
			FloatVector v1 = FloatVector.fromArray(F, scores, base + 8);
			VectorMask<Float> g1 = v1.compare(VectorOperators.GT, m1);
			m1 = m1.blend(v1, g1);
			i1 = i1.blend(id, g1);
			FloatVector v2 = FloatVector.fromArray(F, scores, base + 16);
			VectorMask<Float> g2 = v2.compare(VectorOperators.GT, m2);
			m2 = m2.blend(v2, g2);
			i2 = i2.blend(id, g2);
			FloatVector v3 = FloatVector.fromArray(F, scores, base + 24);
			VectorMask<Float> g3 = v3.compare(VectorOperators.GT, m3);
			m3 = m3.blend(v3, g3);
			i3 = i3.blend(id, g3);
		}
		i0.intoArray(best, col + 0);
		i1.intoArray(best, col + 8);
		i2.intoArray(best, col + 16);
		i3.intoArray(best, col + 24);
	}

	private static boolean centroidInteraction1(float[] scores, int stride, int col, int[] codes, int start, int end,
			boolean[] reaching, float floor, float[] acc) {
		FloatVector a0 = FloatVector.broadcast(F, floor);
		int previous = -1;
		boolean any = false;
		for (int j = start; j < end; j++) {
			int code = codes[j];
			if (code == previous || (reaching != null && !reaching[code])) {
				continue;
			}
			previous = code;
			any = true;
			int base = code * stride + col;
			a0 = a0.max(FloatVector.fromArray(F, scores, base + 0));
		}
		a0.intoArray(acc, col + 0);
		return any;
	}

	private static boolean centroidInteraction2(float[] scores, int stride, int col, int[] codes, int start, int end,
			boolean[] reaching, float floor, float[] acc) {
		FloatVector a0 = FloatVector.broadcast(F, floor);
		FloatVector a1 = FloatVector.broadcast(F, floor);
		int previous = -1;
		boolean any = false;
		for (int j = start; j < end; j++) {
			int code = codes[j];
			if (code == previous || (reaching != null && !reaching[code])) {
				continue;
			}
			previous = code;
			any = true;
			int base = code * stride + col;
			a0 = a0.max(FloatVector.fromArray(F, scores, base + 0));
			a1 = a1.max(FloatVector.fromArray(F, scores, base + 8));
		}
		a0.intoArray(acc, col + 0);
		a1.intoArray(acc, col + 8);
		return any;
	}

	private static boolean centroidInteraction3(float[] scores, int stride, int col, int[] codes, int start, int end,
			boolean[] reaching, float floor, float[] acc) {
		FloatVector a0 = FloatVector.broadcast(F, floor);
		FloatVector a1 = FloatVector.broadcast(F, floor);
		FloatVector a2 = FloatVector.broadcast(F, floor);
		int previous = -1;
		boolean any = false;
		for (int j = start; j < end; j++) {
			int code = codes[j];
			if (code == previous || (reaching != null && !reaching[code])) {
				continue;
			}
			previous = code;
			any = true;
			int base = code * stride + col;
			a0 = a0.max(FloatVector.fromArray(F, scores, base + 0));
			a1 = a1.max(FloatVector.fromArray(F, scores, base + 8));
			a2 = a2.max(FloatVector.fromArray(F, scores, base + 16));
		}
		a0.intoArray(acc, col + 0);
		a1.intoArray(acc, col + 8);
		a2.intoArray(acc, col + 16);
		return any;
	}

	private static boolean centroidInteraction4(float[] scores, int stride, int col, int[] codes, int start, int end,
			boolean[] reaching, float floor, float[] acc) {
		FloatVector a0 = FloatVector.broadcast(F, floor);
		FloatVector a1 = FloatVector.broadcast(F, floor);
		FloatVector a2 = FloatVector.broadcast(F, floor);
		FloatVector a3 = FloatVector.broadcast(F, floor);
		int previous = -1;
		boolean any = false;
		for (int j = start; j < end; j++) {
			int code = codes[j];
			if (code == previous || (reaching != null && !reaching[code])) {
				continue;
			}
			previous = code;
			any = true;
			int base = code * stride + col;
			a0 = a0.max(FloatVector.fromArray(F, scores, base + 0));
			a1 = a1.max(FloatVector.fromArray(F, scores, base + 8));
			a2 = a2.max(FloatVector.fromArray(F, scores, base + 16));
			a3 = a3.max(FloatVector.fromArray(F, scores, base + 24));
		}
		a0.intoArray(acc, col + 0);
		a1.intoArray(acc, col + 8);
		a2.intoArray(acc, col + 16);
		a3.intoArray(acc, col + 24);
		return any;
	}

	private static void maxSim1(float[] table, int stride, int col, int bpv, float[] scores, int[] codes, int codeStart,
			byte[] residuals, int length, float[] inverseNorms, int normStart, float[] top) {
		FloatVector t0 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
		for (int j = 0; j < length; j++) {
			int base = codes[codeStart + j] * stride + col;
			FloatVector a0 = FloatVector.fromArray(F, scores, base + 0);
			int resBase = j * bpv;
			for (int g = 0; g < bpv; g++) {
				int value = residuals[resBase + g] & 0xFF;
				int high = ((g << 5) + (value >>> 4)) * stride + col;
				int low = ((g << 5) + 16 + (value & 15)) * stride + col;
				a0 = a0.add(FloatVector.fromArray(F, table, high + 0)).add(FloatVector.fromArray(F, table, low + 0));
			}
			float inverse = inverseNorms[normStart + j];
			t0 = t0.max(a0.mul(inverse));
		}
		t0.intoArray(top, col + 0);
	}

	private static void maxSim2(float[] table, int stride, int col, int bpv, float[] scores, int[] codes, int codeStart,
			byte[] residuals, int length, float[] inverseNorms, int normStart, float[] top) {
		FloatVector t0 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
		FloatVector t1 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
		for (int j = 0; j < length; j++) {
			int base = codes[codeStart + j] * stride + col;
			FloatVector a0 = FloatVector.fromArray(F, scores, base + 0);
			FloatVector a1 = FloatVector.fromArray(F, scores, base + 8);
			int resBase = j * bpv;
			for (int g = 0; g < bpv; g++) {
				int value = residuals[resBase + g] & 0xFF;
				int high = ((g << 5) + (value >>> 4)) * stride + col;
				int low = ((g << 5) + 16 + (value & 15)) * stride + col;
				a0 = a0.add(FloatVector.fromArray(F, table, high + 0)).add(FloatVector.fromArray(F, table, low + 0));
				a1 = a1.add(FloatVector.fromArray(F, table, high + 8)).add(FloatVector.fromArray(F, table, low + 8));
			}
			float inverse = inverseNorms[normStart + j];
			t0 = t0.max(a0.mul(inverse));
			t1 = t1.max(a1.mul(inverse));
		}
		t0.intoArray(top, col + 0);
		t1.intoArray(top, col + 8);
	}

	private static void maxSim3(float[] table, int stride, int col, int bpv, float[] scores, int[] codes, int codeStart,
			byte[] residuals, int length, float[] inverseNorms, int normStart, float[] top) {
		FloatVector t0 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
		FloatVector t1 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
		FloatVector t2 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
		for (int j = 0; j < length; j++) {
			int base = codes[codeStart + j] * stride + col;
			FloatVector a0 = FloatVector.fromArray(F, scores, base + 0);
			FloatVector a1 = FloatVector.fromArray(F, scores, base + 8);
			FloatVector a2 = FloatVector.fromArray(F, scores, base + 16);
			int resBase = j * bpv;
			for (int g = 0; g < bpv; g++) {
				int value = residuals[resBase + g] & 0xFF;
				int high = ((g << 5) + (value >>> 4)) * stride + col;
				int low = ((g << 5) + 16 + (value & 15)) * stride + col;
				a0 = a0.add(FloatVector.fromArray(F, table, high + 0)).add(FloatVector.fromArray(F, table, low + 0));
				a1 = a1.add(FloatVector.fromArray(F, table, high + 8)).add(FloatVector.fromArray(F, table, low + 8));
				a2 = a2.add(FloatVector.fromArray(F, table, high + 16)).add(FloatVector.fromArray(F, table, low + 16));
			}
			float inverse = inverseNorms[normStart + j];
			t0 = t0.max(a0.mul(inverse));
			t1 = t1.max(a1.mul(inverse));
			t2 = t2.max(a2.mul(inverse));
		}
		t0.intoArray(top, col + 0);
		t1.intoArray(top, col + 8);
		t2.intoArray(top, col + 16);
	}

	private static void maxSim4(float[] table, int stride, int col, int bpv, float[] scores, int[] codes, int codeStart,
			byte[] residuals, int length, float[] inverseNorms, int normStart, float[] top) {
		FloatVector t0 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
		FloatVector t1 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
		FloatVector t2 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
		FloatVector t3 = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
		for (int j = 0; j < length; j++) {
			int base = codes[codeStart + j] * stride + col;
			FloatVector a0 = FloatVector.fromArray(F, scores, base + 0);
			FloatVector a1 = FloatVector.fromArray(F, scores, base + 8);
			FloatVector a2 = FloatVector.fromArray(F, scores, base + 16);
			FloatVector a3 = FloatVector.fromArray(F, scores, base + 24);
			int resBase = j * bpv;
			for (int g = 0; g < bpv; g++) {
				int value = residuals[resBase + g] & 0xFF;
				int high = ((g << 5) + (value >>> 4)) * stride + col;
				int low = ((g << 5) + 16 + (value & 15)) * stride + col;
				a0 = a0.add(FloatVector.fromArray(F, table, high + 0)).add(FloatVector.fromArray(F, table, low + 0));
				a1 = a1.add(FloatVector.fromArray(F, table, high + 8)).add(FloatVector.fromArray(F, table, low + 8));
				a2 = a2.add(FloatVector.fromArray(F, table, high + 16)).add(FloatVector.fromArray(F, table, low + 16));
				a3 = a3.add(FloatVector.fromArray(F, table, high + 24)).add(FloatVector.fromArray(F, table, low + 24));
			}
			float inverse = inverseNorms[normStart + j];
			t0 = t0.max(a0.mul(inverse));
			t1 = t1.max(a1.mul(inverse));
			t2 = t2.max(a2.mul(inverse));
			t3 = t3.max(a3.mul(inverse));
		}
		t0.intoArray(top, col + 0);
		t1.intoArray(top, col + 8);
		t2.intoArray(top, col + 16);
		t3.intoArray(top, col + 24);
	}

}
