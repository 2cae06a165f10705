package dev.colbert.encoder.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Linear;

import dev.colbert.encoder.ModelLoadException;

/**
 * A BERT encoder (HuggingFace {@code BertModel} without pooler) whose parameters are {@link NDArray}s named as in
 * HuggingFace checkpoints ({@code embeddings.word_embeddings.weight}, {@code encoder.layer.0.attention.self.query.weight},
 * ...), with a forward pass written in DJL operations.
 *
 * <p>The same forward serves inference and training. For inference the query, key and value projections of each layer
 * run as one fused linear ({@code [3h, h]} weight, built once from the named parameters). After
 * {@link #setTrainable(boolean) setTrainable(true)} every parameter records gradients and the forward uses the named
 * parameters directly, so DJL autograd ({@code GradientCollector}) reaches all of them; no operation in that path
 * breaks autograd.
 *
 * <p>Two input forms: {@link #forward} takes a padded {@code [batch, length]} batch with an attention mask (the
 * HuggingFace form), {@link #forwardPacked} takes the tokens of all sequences back to back and runs attention per
 * sequence, which spends no work on padding and needs no mask. Both compute the same outputs for the real tokens.
 *
 * <p>The result of a forward pass is attached to the manager of the input ids: run each batch in a sub-manager of
 * {@link #manager()} and close it afterwards to release all native memory of the batch. Intermediate results are
 * released layer by layer (and, in attention, sequence by sequence) as the forward proceeds, so a batch's peak memory
 * is one layer's activations. In inference, intermediate results that nothing else reads are updated in place.
 *
 * <p>Thread-safe for concurrent forward passes while the parameters are not changed.
 */
public final class BertModel implements AutoCloseable {

	private static final Pattern LAYER_NAME = Pattern.compile("encoder\\.layer\\.(\\d+)\\..*");

	private static final float MASK_VALUE = -Float.MAX_VALUE;

	private final BertConfig config;

	private final NDManager manager;

	private final Map<String, NDArray> parameters;

	private final List<Layer> layers;

	private volatile List<NDArray[]> fusedQkv;

	private volatile boolean trainable;

	/** Index of the first layer whose parameters record gradients; {@code layers} when none does. */
	private volatile int firstTrainableLayer;

	private BertModel(BertConfig config, NDManager manager, Map<String, NDArray> parameters) {
		this.config = config;
		this.manager = manager;
		this.parameters = Collections.unmodifiableMap(parameters);
		List<Layer> layers = new ArrayList<>();
		for (int i = 0; i < config.layers(); i++) {
			layers.add(new Layer(parameters, "encoder.layer." + i + "."));
		}
		this.layers = List.copyOf(layers);
		this.firstTrainableLayer = config.layers();
		refreshInferenceWeights();
	}

	/**
	 * The names and shapes of all parameters of a BERT model with this configuration, in checkpoint order.
	 */
	public static Map<String, Shape> parameterShapes(BertConfig config) {
		int h = config.hiddenSize();
		Map<String, Shape> shapes = new LinkedHashMap<>();
		shapes.put("embeddings.word_embeddings.weight", new Shape(config.vocabSize(), h));
		shapes.put("embeddings.position_embeddings.weight", new Shape(config.maxPositionEmbeddings(), h));
		shapes.put("embeddings.token_type_embeddings.weight", new Shape(config.typeVocabSize(), h));
		shapes.put("embeddings.LayerNorm.weight", new Shape(h));
		shapes.put("embeddings.LayerNorm.bias", new Shape(h));
		for (int i = 0; i < config.layers(); i++) {
			String p = "encoder.layer." + i + ".";
			for (String projection : List.of("query", "key", "value")) {
				shapes.put(p + "attention.self." + projection + ".weight", new Shape(h, h));
				shapes.put(p + "attention.self." + projection + ".bias", new Shape(h));
			}
			shapes.put(p + "attention.output.dense.weight", new Shape(h, h));
			shapes.put(p + "attention.output.dense.bias", new Shape(h));
			shapes.put(p + "attention.output.LayerNorm.weight", new Shape(h));
			shapes.put(p + "attention.output.LayerNorm.bias", new Shape(h));
			shapes.put(p + "intermediate.dense.weight", new Shape(config.intermediateSize(), h));
			shapes.put(p + "intermediate.dense.bias", new Shape(config.intermediateSize()));
			shapes.put(p + "output.dense.weight", new Shape(h, config.intermediateSize()));
			shapes.put(p + "output.dense.bias", new Shape(h));
			shapes.put(p + "output.LayerNorm.weight", new Shape(h));
			shapes.put(p + "output.LayerNorm.bias", new Shape(h));
		}
		return shapes;
	}

	/**
	 * Builds a model from named tensors, checking that every parameter is present with the right shape and that no
	 * tensor belongs to a layer the configuration does not have. Legacy LayerNorm names ({@code gamma}, {@code beta})
	 * are accepted. Tensors that are not BERT encoder parameters (pooler, position id buffers) are ignored. The used
	 * tensors are converted to float32 (closing the originals) and attached to {@code manager}; the ignored ones stay
	 * with the caller.
	 * @param config the architecture
	 * @param tensors tensors by HuggingFace name without any {@code bert.} prefix
	 * @param manager owns the parameters from now on
	 * @param fileName the file the tensors came from, for error messages
	 * @param namePrefix the prefix the tensors carry in that file (e.g. {@code bert.}), for error messages
	 * @throws ModelLoadException naming the file and tensor when something is missing or mis-shaped
	 */
	public static BertModel fromTensors(BertConfig config, Map<String, NDArray> tensors, NDManager manager,
			String fileName, String namePrefix) {
		Map<String, NDArray> byName = new LinkedHashMap<>();
		for (Map.Entry<String, NDArray> entry : tensors.entrySet()) {
			byName.put(canonicalName(entry.getKey()), entry.getValue());
		}
		TreeSet<Integer> extraLayers = new TreeSet<>();
		for (String name : byName.keySet()) {
			Matcher matcher = LAYER_NAME.matcher(name);
			if (matcher.matches() && Integer.parseInt(matcher.group(1)) >= config.layers()) {
				extraLayers.add(Integer.parseInt(matcher.group(1)));
			}
		}
		if (!extraLayers.isEmpty()) {
			throw new ModelLoadException(fileName + ": has tensors for layers " + extraLayers
					+ " but the configuration says num_hidden_layers " + config.layers()
					+ "; config.json does not match the weights");
		}
		Map<String, NDArray> parameters = new LinkedHashMap<>();
		for (Map.Entry<String, Shape> expected : parameterShapes(config).entrySet()) {
			String name = expected.getKey();
			NDArray tensor = byName.get(name);
			if (tensor == null) {
				throw new ModelLoadException(fileName + ": tensor " + namePrefix + name + " is missing");
			}
			if (!tensor.getShape().equals(expected.getValue())) {
				throw new ModelLoadException(fileName + ": tensor " + namePrefix + name + " has shape "
						+ Arrays.toString(tensor.getShape().getShape()) + ", expected "
						+ Arrays.toString(expected.getValue().getShape()) + " from the configuration ("
						+ describe(config) + ")");
			}
			NDArray parameter = tensor;
			if (tensor.getDataType() != DataType.FLOAT32) {
				parameter = tensor.toType(DataType.FLOAT32, false);
				tensor.close();
			}
			parameter.attach(manager);
			parameter.setName(name);
			parameters.put(name, parameter);
		}
		return new BertModel(config, manager, parameters);
	}

	/**
	 * A second model over this one's parameters, in which {@code replacements} take the place of the parameters of
	 * those names: the query tower of an asymmetric ColBERT shares every layer it did not train with the documents'
	 * model instead of holding a second copy of the backbone. The derived model owns only its replacements and its
	 * fused weights (a sub-manager of this model's manager); the shared parameters stay this model's, so close the
	 * derived model first, and never train a shared parameter in place.
	 * @param replacements tensors by parameter name (as in {@link #parameters()}), each of that parameter's shape;
	 * copied as float32, the caller keeps the originals
	 * @param source the file or resource they came from, for error messages
	 * @param namePrefix the prefix the tensors carry in that file (e.g. {@code bert.}), for error messages
	 * @throws ModelLoadException naming the tensor when it is not a parameter of this model or has another shape
	 */
	public BertModel withParameters(Map<String, NDArray> replacements, String source, String namePrefix) {
		checkReplacements(replacements, source, namePrefix);
		NDManager derived = this.manager.newSubManager();
		Map<String, NDArray> parameters = new LinkedHashMap<>(this.parameters);
		for (Map.Entry<String, NDArray> entry : replacements.entrySet()) {
			NDArray parameter = entry.getValue().toType(DataType.FLOAT32, true);
			parameter.attach(derived);
			parameter.setName(entry.getKey());
			parameters.put(entry.getKey(), parameter);
		}
		return new BertModel(this.config, derived, parameters);
	}

	/**
	 * Copies {@code replacements} into the parameters of those names, in place, and leaves the model in inference
	 * mode with its fused weights rebuilt (a trained head applied on the backbone it was trained from).
	 * @param replacements tensors by parameter name (as in {@link #parameters()}), each of that parameter's shape; the
	 * caller keeps them
	 * @param source the file or resource they came from, for error messages
	 * @param namePrefix the prefix the tensors carry in that file (e.g. {@code bert.}), for error messages
	 * @throws ModelLoadException naming the tensor when it is not a parameter of this model or has another shape
	 */
	public void replaceParameters(Map<String, NDArray> replacements, String source, String namePrefix) {
		checkReplacements(replacements, source, namePrefix);
		for (Map.Entry<String, NDArray> entry : replacements.entrySet()) {
			try (NDArray values = entry.getValue().toType(DataType.FLOAT32, true)) {
				this.parameters.get(entry.getKey()).set(values.toByteBuffer());
			}
		}
		setTrainable(false);
	}

	private void checkReplacements(Map<String, NDArray> replacements, String source, String namePrefix) {
		for (Map.Entry<String, NDArray> entry : replacements.entrySet()) {
			NDArray current = this.parameters.get(entry.getKey());
			if (current == null) {
				throw new ModelLoadException(source + ": tensor " + namePrefix + entry.getKey()
						+ " is not a parameter of the backbone");
			}
			if (!current.getShape().equals(entry.getValue().getShape())) {
				throw new ModelLoadException(source + ": tensor " + namePrefix + entry.getKey() + " has shape "
						+ entry.getValue().getShape() + ", the backbone's " + current.getShape());
			}
		}
	}

	private static String canonicalName(String name) {
		if (name.endsWith("LayerNorm.gamma")) {
			return name.substring(0, name.length() - "gamma".length()) + "weight";
		}
		if (name.endsWith("LayerNorm.beta")) {
			return name.substring(0, name.length() - "beta".length()) + "bias";
		}
		return name;
	}

	private static String describe(BertConfig config) {
		return "vocab_size " + config.vocabSize() + ", hidden_size " + config.hiddenSize() + ", intermediate_size "
				+ config.intermediateSize() + ", max_position_embeddings " + config.maxPositionEmbeddings()
				+ ", type_vocab_size " + config.typeVocabSize();
	}

	public BertConfig config() {
		return this.config;
	}

	/** The manager that owns the parameters; batches run in its sub-managers. */
	public NDManager manager() {
		return this.manager;
	}

	/** All parameters by HuggingFace name (without {@code bert.} prefix), in checkpoint order. */
	public Map<String, NDArray> parameters() {
		return this.parameters;
	}

	/**
	 * Switches between inference (no gradients, fused attention projections) and training (every parameter records
	 * gradients). Switching back to inference rebuilds the fused weights from the current parameters.
	 */
	public synchronized void setTrainable(boolean trainable) {
		for (NDArray parameter : this.parameters.values()) {
			parameter.setRequiresGradient(trainable);
		}
		this.trainable = trainable;
		this.firstTrainableLayer = trainable ? 0 : this.config.layers();
		if (!trainable) {
			refreshInferenceWeights();
		}
		else {
			closeFused();
		}
	}

	/**
	 * Trains only the top {@code count} encoder layers: their parameters record gradients, the embeddings and the lower
	 * layers stay frozen and keep running on the fused inference weights. {@code 0} freezes every parameter (as
	 * {@code setTrainable(false)}). Switch back with {@link #setTrainable(boolean) setTrainable(false)}, which rebuilds
	 * the fused weights from the trained parameters.
	 * @param count how many layers, from the top, record gradients; between 0 and the number of layers
	 */
	public synchronized void setTrainableTopLayers(int count) {
		int layers = this.config.layers();
		if (count < 0 || count > layers) {
			throw new IllegalArgumentException("trainable top layers must be between 0 and " + layers + ", was " + count);
		}
		if (this.fusedQkv == null) {
			refreshInferenceWeights();
		}
		int first = layers - count;
		for (Map.Entry<String, NDArray> entry : this.parameters.entrySet()) {
			Matcher matcher = LAYER_NAME.matcher(entry.getKey());
			boolean train = matcher.matches() && Integer.parseInt(matcher.group(1)) >= first;
			entry.getValue().setRequiresGradient(train);
		}
		this.trainable = false;
		this.firstTrainableLayer = first;
	}

	/** Index of the first encoder layer that records gradients (the number of layers when none does). */
	public int firstTrainableLayer() {
		return this.firstTrainableLayer;
	}

	public boolean isTrainable() {
		return this.trainable;
	}

	/**
	 * Rebuilds the fused inference weights; call after changing parameters in place outside training mode. The query
	 * rows of the fused projection are pre-multiplied by {@code 1/sqrt(head_size)}, which saves a pass over the
	 * queries in every layer.
	 */
	public synchronized void refreshInferenceWeights() {
		closeFused();
		float scale = (float) (1.0 / Math.sqrt(this.config.headSize()));
		List<NDArray[]> fused = new ArrayList<>();
		for (Layer layer : this.layers) {
			try (NDArray scaledWeight = layer.queryWeight.mul(scale); NDArray scaledBias = layer.queryBias.mul(scale)) {
				NDArray weight = NDArrays.concat(new NDList(scaledWeight, layer.keyWeight, layer.valueWeight), 0);
				NDArray bias = NDArrays.concat(new NDList(scaledBias, layer.keyBias, layer.valueBias), 0);
				weight.attach(this.manager);
				bias.attach(this.manager);
				fused.add(new NDArray[] { weight, bias });
			}
		}
		this.fusedQkv = fused;
	}

	private void closeFused() {
		List<NDArray[]> fused = this.fusedQkv;
		this.fusedQkv = null;
		if (fused != null) {
			for (NDArray[] pair : fused) {
				pair[0].close();
				pair[1].close();
			}
		}
	}

	/**
	 * Runs the encoder (inference: no dropout).
	 * @param inputIds {@code [batch, length]} int64 token ids
	 * @param attentionMask {@code [batch, length]}, 1 where tokens are attended, 0 elsewhere (any numeric type), or
	 * {@code null} when every token is attended
	 * @return the last hidden state, {@code [batch, length, hidden]}, attached to the manager of {@code inputIds}
	 */
	public NDArray forward(NDArray inputIds, NDArray attentionMask) {
		return forward(inputIds, attentionMask, false);
	}

	/**
	 * Runs the encoder.
	 * @param inputIds {@code [batch, length]} int64 token ids
	 * @param attentionMask {@code [batch, length]}, 1 where tokens are attended, 0 elsewhere (any numeric type), or
	 * {@code null} when every token is attended
	 * @param training whether to apply dropout as configured
	 * @return the last hidden state, {@code [batch, length, hidden]}, attached to the manager of {@code inputIds}
	 */
	public NDArray forward(NDArray inputIds, NDArray attentionMask, boolean training) {
		Shape shape = inputIds.getShape();
		if (shape.dimension() != 2 || (attentionMask != null && !shape.equals(attentionMask.getShape()))) {
			throw new IllegalArgumentException("inputIds and attentionMask must both be [batch, length], were "
					+ shape + " and " + ((attentionMask != null) ? attentionMask.getShape() : null));
		}
		long batch = shape.get(0);
		long length = shape.get(1);
		checkLength(length);
		NDManager scope = inputIds.getManager();
		NDArray positions = scope.arange(0, (int) length, 1, DataType.INT64);
		NDArray additiveMask = (attentionMask != null) ? attentionMask.toType(DataType.FLOAT32, false)
			.neg()
			.add(1f)
			.mul(MASK_VALUE)
			.reshape(batch, 1, 1, length) : null;
		int heads = this.config.attentionHeads();
		int headSize = this.config.headSize();
		int hidden = this.config.hiddenSize();
		return encode(inputIds, positions, training, (qkv, inPlace) -> {
			// [batch, length, 3 * hidden] -> [3, batch, heads, length, head]
			NDArray split = qkv.reshape(batch, length, 3, heads, headSize).transpose(2, 0, 3, 1, 4);
			NDArray scores = split.get(0).matMul(split.get(1).transpose(0, 1, 3, 2));
			if (additiveMask != null) {
				scores = add(scores, additiveMask, inPlace);
			}
			NDArray probabilities = dropout(scores.softmax(-1), this.config.attentionDropout(), training);
			return probabilities.matMul(split.get(2)).transpose(0, 2, 1, 3).reshape(batch, length, hidden);
		});
	}

	/**
	 * Runs the encoder on packed sequences: the tokens of all sequences back to back, no padding. Attention runs per
	 * sequence, so no work is spent on padding and no attention mask is needed; this is the fast path the encoder
	 * uses. Equivalent to {@link #forward} on the padded batch with a mask that attends to the first
	 * {@code attendedLengths[i]} tokens of sequence {@code i}.
	 * @param packedIds {@code [tokens]} int64 token ids of all sequences, concatenated
	 * @param positions {@code [tokens]} int64 position of each token in its sequence ({@code 0, 1, .., length - 1}
	 * for each sequence)
	 * @param lengths tokens per sequence, summing to {@code tokens}
	 * @param attendedLengths per sequence, how many leading tokens BERT attends to (the others, such as unattended
	 * {@code [MASK]} query padding, still get outputs); at least 1 and at most the length
	 * @param training whether to apply dropout as configured
	 * @return the last hidden state, {@code [tokens, hidden]}, attached to the manager of {@code packedIds}
	 */
	public NDArray forwardPacked(NDArray packedIds, NDArray positions, int[] lengths, int[] attendedLengths,
			boolean training) {
		return forwardPackedLayers(packedIds, positions, lengths, attendedLengths, this.config.layers(), training);
	}

	/**
	 * Runs the embeddings and the first {@code layerCount} encoder layers on packed sequences (see
	 * {@link #forwardPacked}): the hidden state after layer {@code layerCount - 1}, or after the embeddings for 0. With
	 * {@link #forwardPackedFrom} this splits the forward in two, for example to compute the frozen lower layers once
	 * and train the top ones.
	 * @return {@code [tokens, hidden]}, attached to the manager of {@code packedIds}
	 */
	public NDArray forwardPackedLayers(NDArray packedIds, NDArray positions, int[] lengths, int[] attendedLengths,
			int layerCount, boolean training) {
		if (packedIds.getShape().dimension() != 1 || !packedIds.getShape().equals(positions.getShape())) {
			throw new IllegalArgumentException("packedIds and positions must both be [tokens], were "
					+ packedIds.getShape() + " and " + positions.getShape());
		}
		checkLayerRange(0, layerCount);
		long tokens = checkPacked(packedIds.getShape().get(0), lengths, attendedLengths);
		NDArray x = embeddings(packedIds, positions, training);
		return layers(x, 0, layerCount, training, packedAttention(tokens, lengths, attendedLengths, training));
	}

	/**
	 * Runs encoder layers {@code fromLayer} to the last on packed hidden states, as produced by
	 * {@link #forwardPackedLayers} with {@code layerCount == fromLayer}.
	 * @param hidden {@code [tokens, hidden]} float32
	 * @return the last hidden state {@code [tokens, hidden]}, attached to the manager of {@code hidden}
	 */
	public NDArray forwardPackedFrom(NDArray hidden, int[] lengths, int[] attendedLengths, int fromLayer,
			boolean training) {
		Shape shape = hidden.getShape();
		if (shape.dimension() != 2 || shape.get(1) != this.config.hiddenSize()) {
			throw new IllegalArgumentException(
					"hidden must be [tokens, " + this.config.hiddenSize() + "], was " + shape);
		}
		checkLayerRange(fromLayer, this.config.layers());
		long tokens = checkPacked(shape.get(0), lengths, attendedLengths);
		return layers(hidden, fromLayer, this.config.layers(), training,
				packedAttention(tokens, lengths, attendedLengths, training));
	}

	private void checkLayerRange(int from, int to) {
		if (from < 0 || to > this.config.layers() || from > to) {
			throw new IllegalArgumentException("layer range [" + from + ", " + to + ") is outside the model's "
					+ this.config.layers() + " layers");
		}
	}

	private long checkPacked(long packedTokens, int[] lengths, int[] attendedLengths) {
		if (lengths.length != attendedLengths.length || lengths.length == 0) {
			throw new IllegalArgumentException("lengths and attendedLengths must have one entry per sequence");
		}
		long total = 0;
		for (int i = 0; i < lengths.length; i++) {
			if (lengths[i] < 1 || attendedLengths[i] < 1 || attendedLengths[i] > lengths[i]) {
				throw new IllegalArgumentException("sequence " + i + " has length " + lengths[i]
						+ " and attended length " + attendedLengths[i] + "; need 1 <= attended <= length");
			}
			checkLength(lengths[i]);
			total += lengths[i];
		}
		if (total != packedTokens) {
			throw new IllegalArgumentException(
					"lengths sum to " + total + " but the packed input has " + packedTokens + " tokens");
		}
		return total;
	}

	private SelfAttention packedAttention(long tokens, int[] lengths, int[] attendedLengths, boolean training) {
		int heads = this.config.attentionHeads();
		int headSize = this.config.headSize();
		int hidden = this.config.hiddenSize();
		return (qkv, inPlace) -> {
			NDArray split = qkv.reshape(tokens, 3, heads, headSize);
			NDManager layerScope = split.getManager();
			NDList contexts = new NDList(lengths.length);
			// One split into per-sequence views: its backward concatenates the sequences' gradients once, where a
			// slice per sequence would allocate and sum a zero gradient of the whole packed batch per sequence.
			NDList sequences = (lengths.length == 1) ? new NDList(split) : split.split(splitPoints(lengths), 0);
			for (int i = 0; i < lengths.length; i++) {
				// Each sequence's scores and probabilities are released before the next sequence runs.
				try (NDManager sequenceScope = layerScope.newSubManager()) {
					// [length, 3, heads, head] -> [3, heads, length, head]
					NDArray rows = sequences.get(i);
					rows.attach(sequenceScope);
					NDArray sequence = rows.transpose(1, 2, 0, 3);
					NDArray query = sequence.get(0);
					NDArray key = sequence.get(1);
					NDArray value = sequence.get(2);
					if (attendedLengths[i] < lengths[i]) {
						key = key.get(":, :" + attendedLengths[i]);
						value = value.get(":, :" + attendedLengths[i]);
					}
					NDArray probabilities = dropout(query.matMul(key.transpose(0, 2, 1)).softmax(-1),
							this.config.attentionDropout(), training);
					NDArray context = probabilities.matMul(value).transpose(1, 0, 2).reshape(lengths[i], hidden);
					context.attach(layerScope);
					contexts.add(context);
				}
			}
			return (contexts.size() == 1) ? contexts.get(0) : NDArrays.concat(contexts, 0);
		};
	}

	/** The offsets where each sequence after the first starts in the packed batch. */
	private static long[] splitPoints(int[] lengths) {
		long[] points = new long[lengths.length - 1];
		long offset = 0;
		for (int i = 0; i < points.length; i++) {
			offset += lengths[i];
			points[i] = offset;
		}
		return points;
	}

	private void checkLength(long length) {
		if (length > this.config.maxPositionEmbeddings()) {
			throw new IllegalArgumentException("input length " + length + " exceeds max_position_embeddings "
					+ this.config.maxPositionEmbeddings());
		}
	}

	/** Self-attention over the fused projections {@code [..., 3 * hidden]} (queries pre-scaled), giving {@code [..., hidden]}. */
	@FunctionalInterface
	private interface SelfAttention {

		NDArray apply(NDArray qkv, boolean inPlace);

	}

	private NDArray encode(NDArray ids, NDArray positions, boolean training, SelfAttention attention) {
		return layers(embeddings(ids, positions, training), 0, this.layers.size(), training, attention);
	}

	private NDArray embeddings(NDArray ids, NDArray positions, boolean training) {
		NDManager scope = ids.getManager();
		// In inference, results that nothing else reads are updated in place: fewer allocations and memory passes.
		boolean inPlace = !this.trainable && !training;
		NDArray tokenTypes = scope.zeros(new Shape(1), DataType.INT64);
		NDArray x = embed(ids, this.parameters.get("embeddings.word_embeddings.weight"));
		x = add(x, embed(tokenTypes, this.parameters.get("embeddings.token_type_embeddings.weight")), inPlace);
		x = add(x, embed(positions, this.parameters.get("embeddings.position_embeddings.weight")), inPlace);
		x = layerNorm(x, this.parameters.get("embeddings.LayerNorm.weight"),
				this.parameters.get("embeddings.LayerNorm.bias"));
		return dropout(x, this.config.hiddenDropout(), training);
	}

	private NDArray layers(NDArray input, int from, int to, boolean training, SelfAttention attention) {
		NDManager scope = input.getManager();
		List<NDArray[]> fused = this.trainable ? null : this.fusedQkv;
		int firstTrainable = this.firstTrainableLayer;
		float scale = (float) (1.0 / Math.sqrt(this.config.headSize()));
		NDArray x = input;
		for (int i = from; i < to; i++) {
			Layer layer = this.layers.get(i);
			// frozen layers run on the fused weights; trainable ones on the named parameters, so gradients reach them
			boolean frozen = fused != null && i < firstTrainable;
			boolean inPlace = frozen && !training;
			// The layer's input (except the caller's own array) and intermediate results live in a scope closed at
			// the end of the layer, so a batch holds one layer's activations at a time, not all of them. Autograd
			// keeps its own references to what backward needs, so closing these handles is safe in training too.
			try (NDManager layerScope = scope.newSubManager()) {
				if (x != input) {
					x.attach(layerScope);
				}
				NDArray qkv;
				if (frozen) {
					qkv = linear(x, fused.get(i)[0], fused.get(i)[1]);
				}
				else {
					qkv = NDArrays.concat(new NDList(NativeArrays.times(linear(x, layer.queryWeight, layer.queryBias), scale),
							linear(x, layer.keyWeight, layer.keyBias), linear(x, layer.valueWeight, layer.valueBias)),
							-1);
				}
				qkv.attach(layerScope);
				NDArray context = attention.apply(qkv, inPlace);
				NDArray attended = dropout(linear(context, layer.attentionOutWeight, layer.attentionOutBias),
						this.config.hiddenDropout(), training);
				x = layerNorm(add(attended, x, inPlace), layer.attentionNormWeight, layer.attentionNormBias);
				NDArray intermediate = this.config.activation()
					.apply(linear(x, layer.intermediateWeight, layer.intermediateBias));
				NDArray output = dropout(linear(intermediate, layer.outputWeight, layer.outputBias),
						this.config.hiddenDropout(), training);
				x = layerNorm(add(output, x, inPlace), layer.outputNormWeight, layer.outputNormBias);
				x.attach(scope);
			}
		}
		return x;
	}

	private static NDArray add(NDArray target, NDArray other, boolean inPlace) {
		return inPlace ? target.addi(other) : target.add(other);
	}

	private static NDArray embed(NDArray ids, NDArray weight) {
		return ids.getNDArrayInternal().embedding(ids, weight, SparseFormat.DENSE).singletonOrThrow();
	}

	private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
		return Linear.linear(x, weight, bias).singletonOrThrow();
	}

	private NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
		return x.getNDArrayInternal()
			.layerNorm(x, new Shape(this.config.hiddenSize()), gamma, beta, (float) this.config.layerNormEps())
			.singletonOrThrow();
	}

	private static NDArray dropout(NDArray x, double rate, boolean training) {
		if (!training || rate == 0) {
			return x;
		}
		return x.getNDArrayInternal().dropout(x, (float) rate, true).singletonOrThrow();
	}

	/** Releases the parameters (closes the manager). */
	@Override
	public void close() {
		closeFused();
		this.manager.close();
	}

	private static final class Layer {

		final NDArray queryWeight;

		final NDArray queryBias;

		final NDArray keyWeight;

		final NDArray keyBias;

		final NDArray valueWeight;

		final NDArray valueBias;

		final NDArray attentionOutWeight;

		final NDArray attentionOutBias;

		final NDArray attentionNormWeight;

		final NDArray attentionNormBias;

		final NDArray intermediateWeight;

		final NDArray intermediateBias;

		final NDArray outputWeight;

		final NDArray outputBias;

		final NDArray outputNormWeight;

		final NDArray outputNormBias;

		Layer(Map<String, NDArray> parameters, String prefix) {
			this.queryWeight = parameters.get(prefix + "attention.self.query.weight");
			this.queryBias = parameters.get(prefix + "attention.self.query.bias");
			this.keyWeight = parameters.get(prefix + "attention.self.key.weight");
			this.keyBias = parameters.get(prefix + "attention.self.key.bias");
			this.valueWeight = parameters.get(prefix + "attention.self.value.weight");
			this.valueBias = parameters.get(prefix + "attention.self.value.bias");
			this.attentionOutWeight = parameters.get(prefix + "attention.output.dense.weight");
			this.attentionOutBias = parameters.get(prefix + "attention.output.dense.bias");
			this.attentionNormWeight = parameters.get(prefix + "attention.output.LayerNorm.weight");
			this.attentionNormBias = parameters.get(prefix + "attention.output.LayerNorm.bias");
			this.intermediateWeight = parameters.get(prefix + "intermediate.dense.weight");
			this.intermediateBias = parameters.get(prefix + "intermediate.dense.bias");
			this.outputWeight = parameters.get(prefix + "output.dense.weight");
			this.outputBias = parameters.get(prefix + "output.dense.bias");
			this.outputNormWeight = parameters.get(prefix + "output.LayerNorm.weight");
			this.outputNormBias = parameters.get(prefix + "output.LayerNorm.bias");
		}

	}

}
