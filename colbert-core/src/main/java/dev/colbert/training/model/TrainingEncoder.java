package dev.colbert.training.model;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Linear;

import dev.colbert.encoder.model.BertModel;
import dev.colbert.encoder.model.ColbertModel;
import dev.colbert.encoder.tokenize.ColbertTokenizer;
import dev.colbert.encoder.tokenize.TokenizedText;
import dev.colbert.training.TrainableLayers;

/**
 * Encodes queries and documents for training: ColBERT tokenization, the frozen part of the model (run once per distinct
 * text and cached), the trained layers with dropout, the projection and L2 normalization, as padded batches that
 * {@link MaxSimScores} scores. Gradients flow to the trained parameters only.
 *
 * <p>What is frozen depends on {@link TrainableLayers}: for {@code projection}, all of BERT (the cache holds the last
 * hidden state of the kept tokens, since the projection acts on each token alone); for {@code top-N}, the embeddings and
 * the lower layers (the cache holds the hidden state entering the first trained layer, every token); for {@code all},
 * nothing (no cache).
 */
public final class TrainingEncoder {

	private static final int PREFIX_BATCH_TOKENS = 4096;

	private final ColbertModel model;

	private final ColbertTokenizer tokenizer;

	private final TrainableLayers trainableLayers;

	private final PrefixCache cache;

	private final int prefixLayers;

	private final TrainingEncoder documents;

	/**
	 * @param model the model being trained (its parameters' gradient flags are set by the caller)
	 * @param tokenizer the tokenizer with the training lengths
	 * @param trainableLayers what is trained (decides what is cached)
	 * @param cache the cache of frozen outputs
	 */
	public TrainingEncoder(ColbertModel model, ColbertTokenizer tokenizer, TrainableLayers trainableLayers,
			PrefixCache cache) {
		this(model, tokenizer, trainableLayers, cache, null);
	}

	/**
	 * An encoder of two towers: queries through {@code model} as {@code trainableLayers} say, documents through
	 * {@code documents} (for {@link TrainableLayers.Mode#QUERY_TOP_N}: the base model's layers and the document
	 * projection, trained as a projection-only encoder).
	 * @param documents the document tower, or {@code null} when queries and documents share the model
	 */
	public TrainingEncoder(ColbertModel model, ColbertTokenizer tokenizer, TrainableLayers trainableLayers,
			PrefixCache cache, TrainingEncoder documents) {
		this.documents = documents;
		this.model = Objects.requireNonNull(model, "model");
		this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
		this.trainableLayers = Objects.requireNonNull(trainableLayers, "trainableLayers");
		this.cache = Objects.requireNonNull(cache, "cache");
		int layers = model.bert().config().layers();
		this.prefixLayers = switch (trainableLayers.mode()) {
			case PROJECTION -> layers;
			case TOP_N, QUERY_TOP_N -> layers - trainableLayers.trainedLayers(layers);
			case ALL -> -1;
		};
	}

	public ColbertTokenizer tokenizer() {
		return this.tokenizer;
	}

	public PrefixCache cache() {
		return this.cache;
	}

	/**
	 * A padded batch of L2-normalized token vectors.
	 *
	 * @param vectors {@code [n, maxTokens, dim]}; padding rows are zero
	 * @param mask {@code [n, maxTokens]} float, 1 for real tokens
	 * @param tokens real tokens in the batch
	 */
	public record Batch(NDArray vectors, NDArray mask, int tokens) {

	}

	/**
	 * Encodes texts into {@code scope}.
	 * @param queries whether the texts are queries (query rules) or documents
	 * @param training whether dropout applies in the trained layers
	 */
	public Batch encode(NDManager scope, List<String> texts, boolean queries, boolean training) {
		if (!queries && this.documents != null) {
			return this.documents.encode(scope, texts, false, training);
		}
		TokenizedText[] tokenized = tokenize(texts, queries);
		int count = tokenized.length;
		int[] lengths = new int[count];
		int[] attended = new int[count];
		for (int i = 0; i < count; i++) {
			lengths[i] = tokenized[i].length();
			attended[i] = attendedPrefix(tokenized[i]);
		}
		BertModel bert = this.model.bert();
		int hidden = bert.config().hiddenSize();
		NDArray states;
		boolean keptRowsOnly = this.prefixLayers == bert.config().layers();
		int[] keptCounts = new int[count];
		for (int i = 0; i < count; i++) {
			keptCounts[i] = tokenized[i].keptCount();
		}
		if (this.prefixLayers < 0) {
			states = bert.forwardPacked(scope.create(packedIds(tokenized)), scope.create(packedPositions(tokenized)),
					lengths, attended, training);
		}
		else {
			float[][] prefixes = prefixes(texts, tokenized, queries);
			int rows = 0;
			for (int i = 0; i < count; i++) {
				rows += prefixes[i].length / hidden;
				if (keptRowsOnly) {
					// final outputs of the kept tokens, as the inference encoder produced them (a seeded cache)
					keptCounts[i] = prefixes[i].length / hidden;
				}
			}
			float[] packed = new float[rows * hidden];
			int offset = 0;
			for (float[] prefix : prefixes) {
				System.arraycopy(prefix, 0, packed, offset, prefix.length);
				offset += prefix.length;
			}
			states = scope.create(packed, new Shape(rows, hidden));
			if (!keptRowsOnly) {
				states = bert.forwardPackedFrom(states, lengths, attended, this.prefixLayers, training);
			}
		}
		NDArray projection = this.model.projection();
		NDArray projected = (projection != null) ? Linear.linear(states, projection).singletonOrThrow() : states;
		NDArray normalized = projected.normalize(2, -1, 1e-12);
		int dim = this.model.dim();
		int maxKept = 1;
		for (int kept : keptCounts) {
			maxKept = Math.max(maxKept, kept);
		}
		long totalRows = normalized.getShape().get(0);
		long[] index = new long[count * maxKept];
		float[] mask = new float[count * maxKept];
		Arrays.fill(index, totalRows);
		int row = 0;
		int tokens = 0;
		for (int i = 0; i < count; i++) {
			TokenizedText text = tokenized[i];
			if (keptRowsOnly) {
				for (int slot = 0; slot < keptCounts[i]; slot++) {
					index[i * maxKept + slot] = row + slot;
					mask[i * maxKept + slot] = 1f;
				}
				tokens += keptCounts[i];
				row += keptCounts[i];
				continue;
			}
			int slot = 0;
			for (int t = 0; t < text.length(); t++) {
				if (text.kept()[t]) {
					index[i * maxKept + slot] = row + t;
					mask[i * maxKept + slot] = 1f;
					slot++;
				}
			}
			tokens += slot;
			row += text.length();
		}
		NDArray table = NDArrays.concat(new NDList(normalized, scope.zeros(new Shape(1, dim))), 0);
		NDArray indexArray = scope.create(index, new Shape(count, maxKept));
		NDArray vectors = table.getNDArrayInternal()
			.embedding(indexArray, table, SparseFormat.DENSE)
			.singletonOrThrow();
		return new Batch(vectors, scope.create(mask, new Shape(count, maxKept)), tokens);
	}

	/**
	 * The last hidden state (before the projection) of the kept tokens of each document, row-major
	 * {@code [kept, hidden]}; from the cache when only the projection is trained. Runs without gradients.
	 */
	public List<float[]> lastHiddenStates(List<String> documents) {
		if (this.documents != null) {
			return this.documents.lastHiddenStates(documents);
		}
		TokenizedText[] tokenized = tokenize(documents, false);
		if (this.prefixLayers == this.model.bert().config().layers()) {
			return Arrays.asList(prefixes(documents, tokenized, false));
		}
		return runPrefix(tokenized, this.model.bert().config().layers(), true);
	}

	private TokenizedText[] tokenize(List<String> texts, boolean queries) {
		if (queries) {
			TokenizedText[] tokenized = new TokenizedText[texts.size()];
			for (int i = 0; i < tokenized.length; i++) {
				tokenized[i] = this.tokenizer.query(texts.get(i));
			}
			return tokenized;
		}
		return this.tokenizer.documents(texts);
	}

	private float[][] prefixes(List<String> texts, TokenizedText[] tokenized, boolean queries) {
		float[][] prefixes = new float[texts.size()][];
		List<Integer> missing = new ArrayList<>();
		boolean keptOnly = this.prefixLayers == this.model.bert().config().layers();
		int hidden = this.model.bert().config().hiddenSize();
		for (int i = 0; i < prefixes.length; i++) {
			prefixes[i] = this.cache.get(queries, texts.get(i));
			if (prefixes[i] != null && !keptOnly && prefixes[i].length != tokenized[i].length() * hidden) {
				// frozen-layer outputs cached under other tokenization settings: recompute (final outputs of kept
				// tokens, for example from a seeded cache, are used as they are)
				prefixes[i] = null;
			}
			if (prefixes[i] == null) {
				missing.add(i);
			}
		}
		if (!missing.isEmpty()) {
			TokenizedText[] todo = new TokenizedText[missing.size()];
			for (int i = 0; i < todo.length; i++) {
				todo[i] = tokenized[missing.get(i)];
			}
			List<float[]> computed = runPrefix(todo, this.prefixLayers, keptOnly);
			for (int i = 0; i < todo.length; i++) {
				int target = missing.get(i);
				prefixes[target] = computed.get(i);
				this.cache.put(queries, texts.get(target), computed.get(i));
			}
		}
		return prefixes;
	}

	/** Runs the embeddings and {@code layers} layers without gradients, in batches; rows per text, kept or all. */
	private List<float[]> runPrefix(TokenizedText[] texts, int layers, boolean keptOnly) {
		BertModel bert = this.model.bert();
		int hidden = bert.config().hiddenSize();
		List<float[]> results = new ArrayList<>(texts.length);
		int from = 0;
		while (from < texts.length) {
			int to = from;
			int tokens = 0;
			while (to < texts.length && (to == from || tokens + texts[to].length() <= PREFIX_BATCH_TOKENS)) {
				tokens += texts[to].length();
				to++;
			}
			TokenizedText[] chunk = Arrays.copyOfRange(texts, from, to);
			int[] lengths = new int[chunk.length];
			int[] attended = new int[chunk.length];
			for (int i = 0; i < chunk.length; i++) {
				lengths[i] = chunk[i].length();
				attended[i] = attendedPrefix(chunk[i]);
			}
			try (NDManager scope = bert.manager().newSubManager()) {
				NDArray output = bert.forwardPackedLayers(scope.create(packedIds(chunk)),
						scope.create(packedPositions(chunk)), lengths, attended, layers, false);
				FloatBuffer data = output.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
				int offset = 0;
				for (TokenizedText text : chunk) {
					int rows = keptOnly ? text.keptCount() : text.length();
					float[] values = new float[rows * hidden];
					int row = 0;
					for (int t = 0; t < text.length(); t++) {
						if (!keptOnly || text.kept()[t]) {
							data.get((offset + t) * hidden, values, row * hidden, hidden);
							row++;
						}
					}
					results.add(values);
					offset += text.length();
				}
			}
			from = to;
		}
		return results;
	}

	private static long[] packedIds(TokenizedText[] texts) {
		int total = 0;
		for (TokenizedText text : texts) {
			total += text.length();
		}
		long[] ids = new long[total];
		int offset = 0;
		for (TokenizedText text : texts) {
			System.arraycopy(text.ids(), 0, ids, offset, text.length());
			offset += text.length();
		}
		return ids;
	}

	private static long[] packedPositions(TokenizedText[] texts) {
		int total = 0;
		for (TokenizedText text : texts) {
			total += text.length();
		}
		long[] positions = new long[total];
		int offset = 0;
		for (TokenizedText text : texts) {
			for (int t = 0; t < text.length(); t++) {
				positions[offset + t] = t;
			}
			offset += text.length();
		}
		return positions;
	}

	/** How many leading tokens are attended (the tokenizer leaves only a suffix of [MASK] padding unattended). */
	static int attendedPrefix(TokenizedText text) {
		long[] attention = text.attention();
		int attended = 0;
		while (attended < attention.length && attention[attended] != 0) {
			attended++;
		}
		return Math.max(attended, 1);
	}


}
