package dev.colbert.training.model;

/**
 * Eigen-decomposition of a real symmetric matrix by the cyclic Jacobi method (Golub and Van Loan, section 8.5): exact
 * to double precision for the small matrices used here (a few hundred rows), no dependency.
 *
 * @param values the eigenvalues, in descending order
 * @param vectors the eigenvectors as rows, in the order of {@code values}: {@code vectors[i]} belongs to
 * {@code values[i]}, unit length
 */
public record SymmetricEigen(double[] values, double[][] vectors) {

	private static final int MAX_SWEEPS = 100;

	/**
	 * Decomposes {@code matrix} (not modified).
	 * @param matrix a square symmetric matrix
	 * @throws IllegalArgumentException if the matrix is not square or not symmetric
	 */
	public static SymmetricEigen of(double[][] matrix) {
		int n = matrix.length;
		double[][] a = new double[n][];
		double scale = 0;
		for (int i = 0; i < n; i++) {
			if (matrix[i].length != n) {
				throw new IllegalArgumentException("matrix must be square, row " + i + " has " + matrix[i].length
						+ " columns for " + n + " rows");
			}
			a[i] = matrix[i].clone();
			for (int j = 0; j < n; j++) {
				scale = Math.max(scale, Math.abs(matrix[i][j]));
			}
		}
		for (int i = 0; i < n; i++) {
			for (int j = i + 1; j < n; j++) {
				if (Math.abs(a[i][j] - a[j][i]) > 1e-9 * Math.max(scale, 1e-300)) {
					throw new IllegalArgumentException("matrix is not symmetric at [" + i + ", " + j + "]");
				}
			}
		}
		double[][] v = new double[n][n];
		for (int i = 0; i < n; i++) {
			v[i][i] = 1;
		}
		for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
			double off = 0;
			for (int p = 0; p < n; p++) {
				for (int q = p + 1; q < n; q++) {
					off += a[p][q] * a[p][q];
				}
			}
			if (off <= 1e-30 * Math.max(scale * scale, 1e-300) * n) {
				break;
			}
			for (int p = 0; p < n; p++) {
				for (int q = p + 1; q < n; q++) {
					if (a[p][q] != 0) {
						rotate(a, v, p, q);
					}
				}
			}
		}
		Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++) {
			order[i] = i;
		}
		java.util.Arrays.sort(order, (x, y) -> Double.compare(a[y][y], a[x][x]));
		double[] values = new double[n];
		double[][] vectors = new double[n][n];
		for (int k = 0; k < n; k++) {
			int column = order[k];
			values[k] = a[column][column];
			for (int i = 0; i < n; i++) {
				vectors[k][i] = v[i][column];
			}
		}
		return new SymmetricEigen(values, vectors);
	}

	/** One Jacobi rotation that zeroes {@code a[p][q]}; accumulates it into the columns of {@code v}. */
	private static void rotate(double[][] a, double[][] v, int p, int q) {
		int n = a.length;
		double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
		double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
		if (theta == 0) {
			t = 1;
		}
		double c = 1 / Math.sqrt(t * t + 1);
		double s = t * c;
		for (int k = 0; k < n; k++) {
			double akp = a[k][p];
			double akq = a[k][q];
			a[k][p] = c * akp - s * akq;
			a[k][q] = s * akp + c * akq;
		}
		for (int k = 0; k < n; k++) {
			double apk = a[p][k];
			double aqk = a[q][k];
			a[p][k] = c * apk - s * aqk;
			a[q][k] = s * apk + c * aqk;
		}
		for (int k = 0; k < n; k++) {
			double vkp = v[k][p];
			double vkq = v[k][q];
			v[k][p] = c * vkp - s * vkq;
			v[k][q] = s * vkp + c * vkq;
		}
	}

}
