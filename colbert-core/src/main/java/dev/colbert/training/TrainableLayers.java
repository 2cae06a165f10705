package dev.colbert.training;

import java.util.Locale;

/**
 * Which parameters a training job updates: only the projection ({@code linear.weight}), the projection and the top
 * {@code n} encoder layers, or everything (embeddings included). The frozen part of the model runs once per distinct
 * text (its output is cached), so training fewer layers is much cheaper per step.
 *
 * @param mode which kind of selection
 * @param topLayers for {@link Mode#TOP_N}, how many encoder layers from the top; 0 otherwise
 */
public record TrainableLayers(Mode mode, int topLayers) {

	/** The kinds of selection. */
	public enum Mode {

		/** Only the projection. */
		PROJECTION,

		/** The projection and the top N encoder layers. */
		TOP_N,

		/** Every parameter, embeddings included. */
		ALL

	}

	public TrainableLayers {
		if (mode == null) {
			throw new IllegalArgumentException("trainable layers mode must not be null");
		}
		if (mode == Mode.TOP_N && topLayers < 1) {
			throw new IllegalArgumentException("top-N trainable layers need N >= 1, was " + topLayers);
		}
		if (mode != Mode.TOP_N && topLayers != 0) {
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

	/**
	 * Parses {@code projection}, {@code all} or {@code top-N} (also {@code top_N}, {@code topN}), case-insensitive.
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
		if (value.startsWith("top")) {
			String count = value.substring(3).replaceFirst("^[-_]", "");
			try {
				return top(Integer.parseInt(count));
			}
			catch (NumberFormatException ex) {
				// fall through to the error below
			}
		}
		throw new IllegalArgumentException(
				"trainable layers must be 'projection', 'all' or 'top-N' (N encoder layers from the top), was '" + text
						+ "'");
	}

	/** How many encoder layers record gradients in a model with {@code layers} layers. */
	public int trainedLayers(int layers) {
		return switch (this.mode) {
			case PROJECTION -> 0;
			case TOP_N -> Math.min(this.topLayers, layers);
			case ALL -> layers;
		};
	}

	@Override
	public String toString() {
		return (this.mode == Mode.TOP_N) ? "top-" + this.topLayers : this.mode.name().toLowerCase(Locale.ROOT);
	}

}
