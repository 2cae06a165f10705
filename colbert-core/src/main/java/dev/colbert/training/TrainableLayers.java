package dev.colbert.training;

import java.util.Locale;

/**
 * Which parameters a training job updates: only the projection ({@code linear.weight}), the projection and the top
 * {@code n} encoder layers, everything (embeddings included), or the top {@code n} layers of a query tower (queries
 * only; documents keep the base model's layers and get a projection of their own). The frozen part of the model runs
 * once per distinct text (its output is cached), so training fewer layers is much cheaper per step.
 *
 * @param mode which kind of selection
 * @param topLayers for {@link Mode#TOP_N} and {@link Mode#QUERY_TOP_N}, how many encoder layers from the top; 0
 * otherwise
 */
public record TrainableLayers(Mode mode, int topLayers) {

	/** The kinds of selection. */
	public enum Mode {

		/** Only the projection. */
		PROJECTION,

		/** The projection and the top N encoder layers. */
		TOP_N,

		/** Every parameter, embeddings included. */
		ALL,

		/**
		 * The top N encoder layers and the projection of the queries only: documents keep every layer of the base
		 * model (their last hidden states are computed once and cached) and are projected by a document projection
		 * ({@code document_linear.weight}), trained too. Documents, the expensive side, then cost a cache lookup per
		 * step; a model trained this way is asymmetric (its two towers share the lower layers).
		 */
		QUERY_TOP_N;

		boolean hasLayerCount() {
			return this == TOP_N || this == QUERY_TOP_N;
		}

	}

	public TrainableLayers {
		if (mode == null) {
			throw new IllegalArgumentException("trainable layers mode must not be null");
		}
		if (mode != null && mode.hasLayerCount() && topLayers < 1) {
			throw new IllegalArgumentException(mode.name().toLowerCase(Locale.ROOT).replace('_', '-')
					+ " trainable layers need N >= 1, was " + topLayers);
		}
		if (mode != null && !mode.hasLayerCount() && topLayers != 0) {
			throw new IllegalArgumentException(mode + " takes no layer count, was " + topLayers);
		}
	}

	/** Only the projection. */
	public static TrainableLayers projection() {
		return new TrainableLayers(Mode.PROJECTION, 0);
	}

	/** The projection and the top {@code n} layers. */
	public static TrainableLayers top(int n) {
		return new TrainableLayers(Mode.TOP_N, n);
	}

	/** Every parameter. */
	public static TrainableLayers all() {
		return new TrainableLayers(Mode.ALL, 0);
	}

	/** The top {@code n} layers and the projection of a query tower, and a document projection. */
	public static TrainableLayers queryTop(int n) {
		return new TrainableLayers(Mode.QUERY_TOP_N, n);
	}

	/** Whether documents keep the base model's layers and a projection of their own ({@link Mode#QUERY_TOP_N}). */
	public boolean documentsFrozen() {
		return this.mode == Mode.QUERY_TOP_N;
	}

	/**
	 * Parses {@code projection}, {@code all}, {@code top-N} (also {@code top_N}, {@code topN}) or {@code query-top-N},
	 * case-insensitive.
	 * @throws IllegalArgumentException naming the accepted forms
	 */
	public static TrainableLayers parse(String text) {
		String value = (text != null) ? text.strip().toLowerCase(Locale.ROOT) : "";
		if (value.equals("projection")) {
			return projection();
		}
		if (value.equals("all")) {
			return all();
		}
		boolean queryTower = value.startsWith("query-top") || value.startsWith("query_top");
		if (queryTower || value.startsWith("top")) {
			String count = value.substring(queryTower ? 9 : 3).replaceFirst("^[-_]", "");
			try {
				int n = Integer.parseInt(count);
				return queryTower ? queryTop(n) : top(n);
			}
			catch (NumberFormatException ex) {
				// fall through to the error below
			}
		}
		throw new IllegalArgumentException(
				"trainable layers must be 'projection', 'all', 'top-N' (N encoder layers from the top) or 'query-top-N' "
						+ "(N layers of a query tower; documents keep the base layers), was '" + text
						+ "'");
	}

	/** How many encoder layers record gradients in a model with {@code layers} layers. */
	public int trainedLayers(int layers) {
		return switch (this.mode) {
			case PROJECTION -> 0;
			case TOP_N, QUERY_TOP_N -> Math.min(this.topLayers, layers);
			case ALL -> layers;
		};
	}

	@Override
	public String toString() {
		return switch (this.mode) {
			case TOP_N -> "top-" + this.topLayers;
			case QUERY_TOP_N -> "query-top-" + this.topLayers;
			default -> this.mode.name().toLowerCase(Locale.ROOT);
		};
	}

}
