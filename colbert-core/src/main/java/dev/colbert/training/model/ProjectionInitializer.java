package dev.colbert.training.model;

import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Initializes a new projection {@code [dim, hidden]} for a change of output dimension by uncentered PCA: its rows are
 * the top {@code dim} eigenvectors of the second-moment matrix {@code E[h h^T]} of L2-normalized document token
 * vectors. This is the rank-{@code dim} linear map that best preserves the dot products between those vectors, so the
 * starting point keeps most of the full-dimension MaxSim quality (MaxSim compares normalized vectors by dot product;
 * centering would discard the shared direction that dot products depend on).
 */
public final class ProjectionInitializer {

	private static final Logger logger = LoggerFactory.getLogger(ProjectionInitializer.class);

	private final int hidden;

	private final double[][] secondMoment;

	private long vectors;

	/**
	 * @param hidden the size of the vectors the projection applies to
	 */
	public ProjectionInitializer(int hidden) {
		this.hidden = hidden;
		this.secondMoment = new double[hidden][hidden];
	}

	/** Adds token vectors ({@code count x hidden}, row-major); each row is L2-normalized before it is counted. */
	public void add(float[] rows, int count) {
		if (rows.length < count * this.hidden) {
			throw new IllegalArgumentException(
					"expected " + count + " rows of " + this.hidden + " values, got " + rows.length + " values");
		}
		double[] row = new double[this.hidden];
		for (int r = 0; r < count; r++) {
			double norm = 0;
			for (int i = 0; i < this.hidden; i++) {
				row[i] = rows[r * this.hidden + i];
				norm += row[i] * row[i];
			}
			if (norm == 0) {
				continue;
			}
			double inverse = 1 / Math.sqrt(norm);
			for (int i = 0; i < this.hidden; i++) {
				row[i] *= inverse;
			}
			for (int i = 0; i < this.hidden; i++) {
				double ri = row[i];
				double[] target = this.secondMoment[i];
				for (int j = i; j < this.hidden; j++) {
					target[j] += ri * row[j];
				}
			}
			this.vectors++;
		}
	}

	/** Token vectors added so far. */
	public long vectors() {
		return this.vectors;
	}

	/**
	 * The projection: the top {@code dim} eigenvectors as rows, {@code [dim, hidden]} row-major.
	 * @throws IllegalStateException if no vector was added
	 */
	public float[] projection(int dim) {
		if (this.vectors == 0) {
			throw new IllegalStateException("no token vectors to initialize the projection from");
		}
		if (dim > this.hidden) {
			throw new IllegalArgumentException("dim " + dim + " exceeds the hidden size " + this.hidden
					+ "; a PCA projection can only reduce the dimension");
		}
		double[][] matrix = new double[this.hidden][this.hidden];
		for (int i = 0; i < this.hidden; i++) {
			for (int j = i; j < this.hidden; j++) {
				matrix[i][j] = this.secondMoment[i][j] / this.vectors;
				matrix[j][i] = matrix[i][j];
			}
		}
		SymmetricEigen eigen = SymmetricEigen.of(matrix);
		double total = 0;
		double kept = 0;
		for (int i = 0; i < this.hidden; i++) {
			total += eigen.values()[i];
			if (i < dim) {
				kept += eigen.values()[i];
			}
		}
		logger.info("PCA projection {} -> {} from {} token vectors keeps {}% of the second moment", this.hidden, dim,
				this.vectors, String.format(Locale.ROOT, "%.1f", 100 * kept / total));
		float[] projection = new float[dim * this.hidden];
		for (int r = 0; r < dim; r++) {
			for (int i = 0; i < this.hidden; i++) {
				projection[r * this.hidden + i] = (float) eigen.vectors()[r][i];
			}
		}
		return projection;
	}

}
