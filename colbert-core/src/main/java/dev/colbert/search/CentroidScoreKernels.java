package dev.colbert.search;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * PLAID stage 1's product {@code C . Q^T} on the Java Vector API: every centroid row against the query vectors, which
 * are transposed and padded to a multiple of 8 floats ({@code qt[d * stride + i]}) and processed in column blocks of
 * up to 32 (one method per block width of 1 to 4 vectors of 8 lanes). Each block method keeps the accumulators of
 * several centroid rows in registers, so that one load of the query vectors of a dimension feeds several fused
 * multiply-adds: 2 rows (at most 8 accumulators) on CPUs with 16 vector registers (AVX2), 6 rows (at most 24) where
 * the preferred vectors are 512 bits wide, which implies 32 registers (AVX-512). On an AMD EPYC with AVX-512 (16,384
 * centroids, dim 384, 20 query vectors) 6 rows run at about 92 GFLOP/s against 68 for 2 rows; with 16 registers 6
 * rows would spill. The code below the constructor is generated (one method per row count and block width).
 *
 * <p>Only loaded through {@link VectorKernels}, when the incubator module is present.
 */
final class CentroidScoreKernels {

	private static final VectorSpecies<Float> F = VectorKernels.F;

	/** Whether blocks of 6 rows fit the vector registers (AVX-512 has 32, AVX2 16). */
	static final boolean SIX_ROWS = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512;

	private CentroidScoreKernels() {
	}

	/** Rows per block of the kernels this CPU uses. */
	static int rowsPerBlock() {
		return SIX_ROWS ? 6 : 2;
	}

	/**
	 * Writes {@code out[outOffset + (c - from) * stride + i]} = centroid {@code c} . query vector {@code i} for
	 * {@code c} in {@code [from, to)} and every padded column {@code i < stride}.
	 */
	static void score(float[] centroids, int dim, int from, int to, float[] qt, int stride, float[] out,
			int outOffset) {
		score(SIX_ROWS, centroids, dim, from, to, qt, stride, out, outOffset);
	}

	/** {@link #score} with the row count chosen by the caller (tests compare both). */
	static void score(boolean sixRows, float[] centroids, int dim, int from, int to, float[] qt, int stride,
			float[] out, int outOffset) {
		for (int col = 0; col < stride; col += VectorKernels.BLOCK) {
			int vectors = VectorKernels.vectors(stride, col);
			int c = from;
			if (sixRows) {
				c = switch (vectors) {
					case 1 -> rows6x1(centroids, dim, c, to, qt, stride, col, out, outOffset);
					case 2 -> rows6x2(centroids, dim, c, to, qt, stride, col, out, outOffset);
					case 3 -> rows6x3(centroids, dim, c, to, qt, stride, col, out, outOffset);
					default -> rows6x4(centroids, dim, c, to, qt, stride, col, out, outOffset);
				};
			}
			// the rest (all rows with 2-row blocks, or the last 0 to 5 rows after 6-row blocks)
			int end = switch (vectors) {
				case 1 -> rows2x1(centroids, dim, c, to, qt, stride, col, out, outOffset + (c - from) * stride);
				case 2 -> rows2x2(centroids, dim, c, to, qt, stride, col, out, outOffset + (c - from) * stride);
				case 3 -> rows2x3(centroids, dim, c, to, qt, stride, col, out, outOffset + (c - from) * stride);
				default -> rows2x4(centroids, dim, c, to, qt, stride, col, out, outOffset + (c - from) * stride);
			};
			if (end < to) {
				switch (vectors) {
					case 1 -> row1x1(centroids, dim, end, from, qt, stride, col, out, outOffset);
					case 2 -> row1x2(centroids, dim, end, from, qt, stride, col, out, outOffset);
					case 3 -> row1x3(centroids, dim, end, from, qt, stride, col, out, outOffset);
					default -> row1x4(centroids, dim, end, from, qt, stride, col, out, outOffset);
				}
			}
		}
	}

	// Generated: rowsRxV keeps R rows x V vectors of accumulators and returns the first row it did not score.

	private static int rows6x1(float[] centroids, int dim, int from, int to, float[] qt, int stride, int col,
			float[] out, int outOffset) {
		int c = from;
		for (; c + 5 < to; c += 6) {
			FloatVector a0 = FloatVector.zero(F);
			FloatVector b0 = FloatVector.zero(F);
			FloatVector c0 = FloatVector.zero(F);
			FloatVector d0 = FloatVector.zero(F);
			FloatVector e0 = FloatVector.zero(F);
			FloatVector f0 = FloatVector.zero(F);
			int ra = c * dim;
			int rb = ra + dim;
			int rc = rb + dim;
			int rd = rc + dim;
			int re = rd + dim;
			int rf = re + dim;
			for (int d = 0; d < dim; d++) {
				int q = d * stride + col;
				FloatVector q0 = FloatVector.fromArray(F, qt, q + 0);
				FloatVector x = FloatVector.broadcast(F, centroids[ra + d]);
				a0 = q0.fma(x, a0);
				x = FloatVector.broadcast(F, centroids[rb + d]);
				b0 = q0.fma(x, b0);
				x = FloatVector.broadcast(F, centroids[rc + d]);
				c0 = q0.fma(x, c0);
				x = FloatVector.broadcast(F, centroids[rd + d]);
				d0 = q0.fma(x, d0);
				x = FloatVector.broadcast(F, centroids[re + d]);
				e0 = q0.fma(x, e0);
				x = FloatVector.broadcast(F, centroids[rf + d]);
				f0 = q0.fma(x, f0);
			}
			int o = outOffset + (c - from) * stride + col;
			a0.intoArray(out, o + 0 * stride + 0);
			b0.intoArray(out, o + 1 * stride + 0);
			c0.intoArray(out, o + 2 * stride + 0);
			d0.intoArray(out, o + 3 * stride + 0);
			e0.intoArray(out, o + 4 * stride + 0);
			f0.intoArray(out, o + 5 * stride + 0);
		}
		return c;
	}

	private static int rows6x2(float[] centroids, int dim, int from, int to, float[] qt, int stride, int col,
			float[] out, int outOffset) {
		int c = from;
		for (; c + 5 < to; c += 6) {
			FloatVector a0 = FloatVector.zero(F);
			FloatVector a1 = FloatVector.zero(F);
			FloatVector b0 = FloatVector.zero(F);
			FloatVector b1 = FloatVector.zero(F);
			FloatVector c0 = FloatVector.zero(F);
			FloatVector c1 = FloatVector.zero(F);
			FloatVector d0 = FloatVector.zero(F);
			FloatVector d1 = FloatVector.zero(F);
			FloatVector e0 = FloatVector.zero(F);
			FloatVector e1 = FloatVector.zero(F);
			FloatVector f0 = FloatVector.zero(F);
			FloatVector f1 = FloatVector.zero(F);
			int ra = c * dim;
			int rb = ra + dim;
			int rc = rb + dim;
			int rd = rc + dim;
			int re = rd + dim;
			int rf = re + dim;
			for (int d = 0; d < dim; d++) {
				int q = d * stride + col;
				FloatVector q0 = FloatVector.fromArray(F, qt, q + 0);
				FloatVector q1 = FloatVector.fromArray(F, qt, q + 8);
				FloatVector x = FloatVector.broadcast(F, centroids[ra + d]);
				a0 = q0.fma(x, a0);
				a1 = q1.fma(x, a1);
				x = FloatVector.broadcast(F, centroids[rb + d]);
				b0 = q0.fma(x, b0);
				b1 = q1.fma(x, b1);
				x = FloatVector.broadcast(F, centroids[rc + d]);
				c0 = q0.fma(x, c0);
				c1 = q1.fma(x, c1);
				x = FloatVector.broadcast(F, centroids[rd + d]);
				d0 = q0.fma(x, d0);
				d1 = q1.fma(x, d1);
				x = FloatVector.broadcast(F, centroids[re + d]);
				e0 = q0.fma(x, e0);
				e1 = q1.fma(x, e1);
				x = FloatVector.broadcast(F, centroids[rf + d]);
				f0 = q0.fma(x, f0);
				f1 = q1.fma(x, f1);
			}
			int o = outOffset + (c - from) * stride + col;
			a0.intoArray(out, o + 0 * stride + 0);
			a1.intoArray(out, o + 0 * stride + 8);
			b0.intoArray(out, o + 1 * stride + 0);
			b1.intoArray(out, o + 1 * stride + 8);
			c0.intoArray(out, o + 2 * stride + 0);
			c1.intoArray(out, o + 2 * stride + 8);
			d0.intoArray(out, o + 3 * stride + 0);
			d1.intoArray(out, o + 3 * stride + 8);
			e0.intoArray(out, o + 4 * stride + 0);
			e1.intoArray(out, o + 4 * stride + 8);
			f0.intoArray(out, o + 5 * stride + 0);
			f1.intoArray(out, o + 5 * stride + 8);
		}
		return c;
	}

	private static int rows6x3(float[] centroids, int dim, int from, int to, float[] qt, int stride, int col,
			float[] out, int outOffset) {
		int c = from;
		for (; c + 5 < to; c += 6) {
			FloatVector a0 = FloatVector.zero(F);
			FloatVector a1 = FloatVector.zero(F);
			FloatVector a2 = FloatVector.zero(F);
			FloatVector b0 = FloatVector.zero(F);
			FloatVector b1 = FloatVector.zero(F);
			FloatVector b2 = FloatVector.zero(F);
			FloatVector c0 = FloatVector.zero(F);
			FloatVector c1 = FloatVector.zero(F);
			FloatVector c2 = FloatVector.zero(F);
			FloatVector d0 = FloatVector.zero(F);
			FloatVector d1 = FloatVector.zero(F);
			FloatVector d2 = FloatVector.zero(F);
			FloatVector e0 = FloatVector.zero(F);
			FloatVector e1 = FloatVector.zero(F);
			FloatVector e2 = FloatVector.zero(F);
			FloatVector f0 = FloatVector.zero(F);
			FloatVector f1 = FloatVector.zero(F);
			FloatVector f2 = FloatVector.zero(F);
			int ra = c * dim;
			int rb = ra + dim;
			int rc = rb + dim;
			int rd = rc + dim;
			int re = rd + dim;
			int rf = re + dim;
			for (int d = 0; d < dim; d++) {
				int q = d * stride + col;
				FloatVector q0 = FloatVector.fromArray(F, qt, q + 0);
				FloatVector q1 = FloatVector.fromArray(F, qt, q + 8);
				FloatVector q2 = FloatVector.fromArray(F, qt, q + 16);
				FloatVector x = FloatVector.broadcast(F, centroids[ra + d]);
				a0 = q0.fma(x, a0);
				a1 = q1.fma(x, a1);
				a2 = q2.fma(x, a2);
				x = FloatVector.broadcast(F, centroids[rb + d]);
				b0 = q0.fma(x, b0);
				b1 = q1.fma(x, b1);
				b2 = q2.fma(x, b2);
				x = FloatVector.broadcast(F, centroids[rc + d]);
				c0 = q0.fma(x, c0);
				c1 = q1.fma(x, c1);
				c2 = q2.fma(x, c2);
				x = FloatVector.broadcast(F, centroids[rd + d]);
				d0 = q0.fma(x, d0);
				d1 = q1.fma(x, d1);
				d2 = q2.fma(x, d2);
				x = FloatVector.broadcast(F, centroids[re + d]);
				e0 = q0.fma(x, e0);
				e1 = q1.fma(x, e1);
				e2 = q2.fma(x, e2);
				x = FloatVector.broadcast(F, centroids[rf + d]);
				f0 = q0.fma(x, f0);
				f1 = q1.fma(x, f1);
				f2 = q2.fma(x, f2);
			}
			int o = outOffset + (c - from) * stride + col;
			a0.intoArray(out, o + 0 * stride + 0);
			a1.intoArray(out, o + 0 * stride + 8);
			a2.intoArray(out, o + 0 * stride + 16);
			b0.intoArray(out, o + 1 * stride + 0);
			b1.intoArray(out, o + 1 * stride + 8);
			b2.intoArray(out, o + 1 * stride + 16);
			c0.intoArray(out, o + 2 * stride + 0);
			c1.intoArray(out, o + 2 * stride + 8);
			c2.intoArray(out, o + 2 * stride + 16);
			d0.intoArray(out, o + 3 * stride + 0);
			d1.intoArray(out, o + 3 * stride + 8);
			d2.intoArray(out, o + 3 * stride + 16);
			e0.intoArray(out, o + 4 * stride + 0);
			e1.intoArray(out, o + 4 * stride + 8);
			e2.intoArray(out, o + 4 * stride + 16);
			f0.intoArray(out, o + 5 * stride + 0);
			f1.intoArray(out, o + 5 * stride + 8);
			f2.intoArray(out, o + 5 * stride + 16);
		}
		return c;
	}

	private static int rows6x4(float[] centroids, int dim, int from, int to, float[] qt, int stride, int col,
			float[] out, int outOffset) {
		int c = from;
		for (; c + 5 < to; c += 6) {
			FloatVector a0 = FloatVector.zero(F);
			FloatVector a1 = FloatVector.zero(F);
			FloatVector a2 = FloatVector.zero(F);
			FloatVector a3 = FloatVector.zero(F);
			FloatVector b0 = FloatVector.zero(F);
			FloatVector b1 = FloatVector.zero(F);
			FloatVector b2 = FloatVector.zero(F);
			FloatVector b3 = FloatVector.zero(F);
			FloatVector c0 = FloatVector.zero(F);
			FloatVector c1 = FloatVector.zero(F);
			FloatVector c2 = FloatVector.zero(F);
			FloatVector c3 = FloatVector.zero(F);
			FloatVector d0 = FloatVector.zero(F);
			FloatVector d1 = FloatVector.zero(F);
			FloatVector d2 = FloatVector.zero(F);
			FloatVector d3 = FloatVector.zero(F);
			FloatVector e0 = FloatVector.zero(F);
			FloatVector e1 = FloatVector.zero(F);
			FloatVector e2 = FloatVector.zero(F);
			FloatVector e3 = FloatVector.zero(F);
			FloatVector f0 = FloatVector.zero(F);
			FloatVector f1 = FloatVector.zero(F);
			FloatVector f2 = FloatVector.zero(F);
			FloatVector f3 = FloatVector.zero(F);
			int ra = c * dim;
			int rb = ra + dim;
			int rc = rb + dim;
			int rd = rc + dim;
			int re = rd + dim;
			int rf = re + dim;
			for (int d = 0; d < dim; d++) {
				int q = d * stride + col;
				FloatVector q0 = FloatVector.fromArray(F, qt, q + 0);
				FloatVector q1 = FloatVector.fromArray(F, qt, q + 8);
				FloatVector q2 = FloatVector.fromArray(F, qt, q + 16);
				FloatVector q3 = FloatVector.fromArray(F, qt, q + 24);
				FloatVector x = FloatVector.broadcast(F, centroids[ra + d]);
				a0 = q0.fma(x, a0);
				a1 = q1.fma(x, a1);
				a2 = q2.fma(x, a2);
				a3 = q3.fma(x, a3);
				x = FloatVector.broadcast(F, centroids[rb + d]);
				b0 = q0.fma(x, b0);
				b1 = q1.fma(x, b1);
				b2 = q2.fma(x, b2);
				b3 = q3.fma(x, b3);
				x = FloatVector.broadcast(F, centroids[rc + d]);
				c0 = q0.fma(x, c0);
				c1 = q1.fma(x, c1);
				c2 = q2.fma(x, c2);
				c3 = q3.fma(x, c3);
				x = FloatVector.broadcast(F, centroids[rd + d]);
				d0 = q0.fma(x, d0);
				d1 = q1.fma(x, d1);
				d2 = q2.fma(x, d2);
				d3 = q3.fma(x, d3);
				x = FloatVector.broadcast(F, centroids[re + d]);
				e0 = q0.fma(x, e0);
				e1 = q1.fma(x, e1);
				e2 = q2.fma(x, e2);
				e3 = q3.fma(x, e3);
				x = FloatVector.broadcast(F, centroids[rf + d]);
				f0 = q0.fma(x, f0);
				f1 = q1.fma(x, f1);
				f2 = q2.fma(x, f2);
				f3 = q3.fma(x, f3);
			}
			int o = outOffset + (c - from) * stride + col;
			a0.intoArray(out, o + 0 * stride + 0);
			a1.intoArray(out, o + 0 * stride + 8);
			a2.intoArray(out, o + 0 * stride + 16);
			a3.intoArray(out, o + 0 * stride + 24);
			b0.intoArray(out, o + 1 * stride + 0);
			b1.intoArray(out, o + 1 * stride + 8);
			b2.intoArray(out, o + 1 * stride + 16);
			b3.intoArray(out, o + 1 * stride + 24);
			c0.intoArray(out, o + 2 * stride + 0);
			c1.intoArray(out, o + 2 * stride + 8);
			c2.intoArray(out, o + 2 * stride + 16);
			c3.intoArray(out, o + 2 * stride + 24);
			d0.intoArray(out, o + 3 * stride + 0);
			d1.intoArray(out, o + 3 * stride + 8);
			d2.intoArray(out, o + 3 * stride + 16);
			d3.intoArray(out, o + 3 * stride + 24);
			e0.intoArray(out, o + 4 * stride + 0);
			e1.intoArray(out, o + 4 * stride + 8);
			e2.intoArray(out, o + 4 * stride + 16);
			e3.intoArray(out, o + 4 * stride + 24);
			f0.intoArray(out, o + 5 * stride + 0);
			f1.intoArray(out, o + 5 * stride + 8);
			f2.intoArray(out, o + 5 * stride + 16);
			f3.intoArray(out, o + 5 * stride + 24);
		}
		return c;
	}

	private static int rows2x1(float[] centroids, int dim, int from, int to, float[] qt, int stride, int col,
			float[] out, int outOffset) {
		int c = from;
		for (; c + 1 < to; c += 2) {
			FloatVector a0 = FloatVector.zero(F);
			FloatVector b0 = FloatVector.zero(F);
			int ra = c * dim;
			int rb = ra + dim;
			for (int d = 0; d < dim; d++) {
				int q = d * stride + col;
				FloatVector q0 = FloatVector.fromArray(F, qt, q + 0);
				FloatVector x = FloatVector.broadcast(F, centroids[ra + d]);
				a0 = q0.fma(x, a0);
				x = FloatVector.broadcast(F, centroids[rb + d]);
				b0 = q0.fma(x, b0);
			}
			int o = outOffset + (c - from) * stride + col;
			a0.intoArray(out, o + 0 * stride + 0);
			b0.intoArray(out, o + 1 * stride + 0);
		}
		return c;
	}

	private static int rows2x2(float[] centroids, int dim, int from, int to, float[] qt, int stride, int col,
			float[] out, int outOffset) {
		int c = from;
		for (; c + 1 < to; c += 2) {
			FloatVector a0 = FloatVector.zero(F);
			FloatVector a1 = FloatVector.zero(F);
			FloatVector b0 = FloatVector.zero(F);
			FloatVector b1 = FloatVector.zero(F);
			int ra = c * dim;
			int rb = ra + dim;
			for (int d = 0; d < dim; d++) {
				int q = d * stride + col;
				FloatVector q0 = FloatVector.fromArray(F, qt, q + 0);
				FloatVector q1 = FloatVector.fromArray(F, qt, q + 8);
				FloatVector x = FloatVector.broadcast(F, centroids[ra + d]);
				a0 = q0.fma(x, a0);
				a1 = q1.fma(x, a1);
				x = FloatVector.broadcast(F, centroids[rb + d]);
				b0 = q0.fma(x, b0);
				b1 = q1.fma(x, b1);
			}
			int o = outOffset + (c - from) * stride + col;
			a0.intoArray(out, o + 0 * stride + 0);
			a1.intoArray(out, o + 0 * stride + 8);
			b0.intoArray(out, o + 1 * stride + 0);
			b1.intoArray(out, o + 1 * stride + 8);
		}
		return c;
	}

	private static int rows2x3(float[] centroids, int dim, int from, int to, float[] qt, int stride, int col,
			float[] out, int outOffset) {
		int c = from;
		for (; c + 1 < to; c += 2) {
			FloatVector a0 = FloatVector.zero(F);
			FloatVector a1 = FloatVector.zero(F);
			FloatVector a2 = FloatVector.zero(F);
			FloatVector b0 = FloatVector.zero(F);
			FloatVector b1 = FloatVector.zero(F);
			FloatVector b2 = FloatVector.zero(F);
			int ra = c * dim;
			int rb = ra + dim;
			for (int d = 0; d < dim; d++) {
				int q = d * stride + col;
				FloatVector q0 = FloatVector.fromArray(F, qt, q + 0);
				FloatVector q1 = FloatVector.fromArray(F, qt, q + 8);
				FloatVector q2 = FloatVector.fromArray(F, qt, q + 16);
				FloatVector x = FloatVector.broadcast(F, centroids[ra + d]);
				a0 = q0.fma(x, a0);
				a1 = q1.fma(x, a1);
				a2 = q2.fma(x, a2);
				x = FloatVector.broadcast(F, centroids[rb + d]);
				b0 = q0.fma(x, b0);
				b1 = q1.fma(x, b1);
				b2 = q2.fma(x, b2);
			}
			int o = outOffset + (c - from) * stride + col;
			a0.intoArray(out, o + 0 * stride + 0);
			a1.intoArray(out, o + 0 * stride + 8);
			a2.intoArray(out, o + 0 * stride + 16);
			b0.intoArray(out, o + 1 * stride + 0);
			b1.intoArray(out, o + 1 * stride + 8);
			b2.intoArray(out, o + 1 * stride + 16);
		}
		return c;
	}

	private static int rows2x4(float[] centroids, int dim, int from, int to, float[] qt, int stride, int col,
			float[] out, int outOffset) {
		int c = from;
		for (; c + 1 < to; c += 2) {
			FloatVector a0 = FloatVector.zero(F);
			FloatVector a1 = FloatVector.zero(F);
			FloatVector a2 = FloatVector.zero(F);
			FloatVector a3 = FloatVector.zero(F);
			FloatVector b0 = FloatVector.zero(F);
			FloatVector b1 = FloatVector.zero(F);
			FloatVector b2 = FloatVector.zero(F);
			FloatVector b3 = FloatVector.zero(F);
			int ra = c * dim;
			int rb = ra + dim;
			for (int d = 0; d < dim; d++) {
				int q = d * stride + col;
				FloatVector q0 = FloatVector.fromArray(F, qt, q + 0);
				FloatVector q1 = FloatVector.fromArray(F, qt, q + 8);
				FloatVector q2 = FloatVector.fromArray(F, qt, q + 16);
				FloatVector q3 = FloatVector.fromArray(F, qt, q + 24);
				FloatVector x = FloatVector.broadcast(F, centroids[ra + d]);
				a0 = q0.fma(x, a0);
				a1 = q1.fma(x, a1);
				a2 = q2.fma(x, a2);
				a3 = q3.fma(x, a3);
				x = FloatVector.broadcast(F, centroids[rb + d]);
				b0 = q0.fma(x, b0);
				b1 = q1.fma(x, b1);
				b2 = q2.fma(x, b2);
				b3 = q3.fma(x, b3);
			}
			int o = outOffset + (c - from) * stride + col;
			a0.intoArray(out, o + 0 * stride + 0);
			a1.intoArray(out, o + 0 * stride + 8);
			a2.intoArray(out, o + 0 * stride + 16);
			a3.intoArray(out, o + 0 * stride + 24);
			b0.intoArray(out, o + 1 * stride + 0);
			b1.intoArray(out, o + 1 * stride + 8);
			b2.intoArray(out, o + 1 * stride + 16);
			b3.intoArray(out, o + 1 * stride + 24);
		}
		return c;
	}

	private static void row1x1(float[] centroids, int dim, int c, int from, float[] qt, int stride, int col,
			float[] out, int outOffset) {
		FloatVector a0 = FloatVector.zero(F);
		int ra = c * dim;
		for (int d = 0; d < dim; d++) {
			FloatVector x = FloatVector.broadcast(F, centroids[ra + d]);
			int q = d * stride + col;
			a0 = FloatVector.fromArray(F, qt, q + 0).fma(x, a0);
		}
		int o = outOffset + (c - from) * stride + col;
		a0.intoArray(out, o + 0);
	}

	private static void row1x2(float[] centroids, int dim, int c, int from, float[] qt, int stride, int col,
			float[] out, int outOffset) {
		FloatVector a0 = FloatVector.zero(F);
		FloatVector a1 = FloatVector.zero(F);
		int ra = c * dim;
		for (int d = 0; d < dim; d++) {
			FloatVector x = FloatVector.broadcast(F, centroids[ra + d]);
			int q = d * stride + col;
			a0 = FloatVector.fromArray(F, qt, q + 0).fma(x, a0);
			a1 = FloatVector.fromArray(F, qt, q + 8).fma(x, a1);
		}
		int o = outOffset + (c - from) * stride + col;
		a0.intoArray(out, o + 0);
		a1.intoArray(out, o + 8);
	}

	private static void row1x3(float[] centroids, int dim, int c, int from, float[] qt, int stride, int col,
			float[] out, int outOffset) {
		FloatVector a0 = FloatVector.zero(F);
		FloatVector a1 = FloatVector.zero(F);
		FloatVector a2 = FloatVector.zero(F);
		int ra = c * dim;
		for (int d = 0; d < dim; d++) {
			FloatVector x = FloatVector.broadcast(F, centroids[ra + d]);
			int q = d * stride + col;
			a0 = FloatVector.fromArray(F, qt, q + 0).fma(x, a0);
			a1 = FloatVector.fromArray(F, qt, q + 8).fma(x, a1);
			a2 = FloatVector.fromArray(F, qt, q + 16).fma(x, a2);
		}
		int o = outOffset + (c - from) * stride + col;
		a0.intoArray(out, o + 0);
		a1.intoArray(out, o + 8);
		a2.intoArray(out, o + 16);
	}

	private static void row1x4(float[] centroids, int dim, int c, int from, float[] qt, int stride, int col,
			float[] out, int outOffset) {
		FloatVector a0 = FloatVector.zero(F);
		FloatVector a1 = FloatVector.zero(F);
		FloatVector a2 = FloatVector.zero(F);
		FloatVector a3 = FloatVector.zero(F);
		int ra = c * dim;
		for (int d = 0; d < dim; d++) {
			FloatVector x = FloatVector.broadcast(F, centroids[ra + d]);
			int q = d * stride + col;
			a0 = FloatVector.fromArray(F, qt, q + 0).fma(x, a0);
			a1 = FloatVector.fromArray(F, qt, q + 8).fma(x, a1);
			a2 = FloatVector.fromArray(F, qt, q + 16).fma(x, a2);
			a3 = FloatVector.fromArray(F, qt, q + 24).fma(x, a3);
		}
		int o = outOffset + (c - from) * stride + col;
		a0.intoArray(out, o + 0);
		a1.intoArray(out, o + 8);
		a2.intoArray(out, o + 16);
		a3.intoArray(out, o + 24);
	}
}
