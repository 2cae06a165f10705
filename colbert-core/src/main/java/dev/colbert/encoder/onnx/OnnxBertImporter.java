package dev.colbert.encoder.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.colbert.encoder.ModelLoadException;
import dev.colbert.encoder.checkpoint.HalfPrecision;
import dev.colbert.encoder.model.BertActivation;
import dev.colbert.encoder.model.BertConfig;
import dev.colbert.encoder.model.BertModel;
import dev.colbert.encoder.model.NativeArrays;

/**
 * Builds a {@link BertModel} from a BERT encoder exported to ONNX by {@code torch.onnx} (for example the
 * bge-small-en-v1.5 export in langchain4j's model jar): the weights are read from the graph's initializers, the
 * architecture is derived from the graph.
 *
 * <p>Initializers that keep HuggingFace names ({@code embeddings.word_embeddings.weight},
 * {@code encoder.layer.0.attention.self.query.bias}, optionally under {@code bert.}) are used as they are. MatMul
 * weights carry generated names ({@code onnx::MatMul_1525}) and are stored {@code [in, out]}: their name comes from the
 * consuming node ({@code /encoder/layer.0/attention/self/query/MatMul} gives
 * {@code encoder.layer.0.attention.self.query.weight}) and they are transposed to {@code [out, in]}. Sizes come from
 * the tensors; the number of attention heads from the constant {@code [heads, head_size]} of layer 0's attention
 * Reshape, the LayerNorm epsilon from its constant, the activation from the feed-forward nodes ({@code Erf}: exact
 * GELU; {@code Tanh}: tanh GELU). Anything that cannot be derived fails with the file name rather than being guessed.
 */
public final class OnnxBertImporter {

	private static final Logger logger = LoggerFactory.getLogger(OnnxBertImporter.class);

	private static final Pattern LAYER_INDEX = Pattern.compile("encoder\\.layer\\.(\\d+)\\.");

	private final String fileName;

	private final String backboneName;

	/**
	 * @param fileName the file's name, for error messages
	 * @param backboneName the name to give the backbone
	 */
	public OnnxBertImporter(String fileName, String backboneName) {
		this.fileName = fileName;
		this.backboneName = backboneName;
	}

	/**
	 * Reads the model from the stream (to its end) and builds the encoder.
	 * @param in the ONNX file
	 * @param manager receives the parameters
	 * @throws ModelLoadException naming the file and the problem
	 */
	public BertModel importModel(InputStream in, NDManager manager) throws IOException {
		Map<String, NDArray> floats = new LinkedHashMap<>();
		Map<String, OnnxTensor> constants = new HashMap<>();
		ByteBuffer[] staging = { ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN) };
		OnnxGraph graph;
		try {
			graph = new OnnxModelReader(this.fileName).read(in, (tensor) -> {
				if (tensor.numel() <= 16) {
					constants.put(tensor.name(), tensor);
				}
				if ((tensor.dataType() == OnnxTensor.FLOAT || tensor.dataType() == OnnxTensor.FLOAT16
						|| tensor.dataType() == OnnxTensor.BFLOAT16) && tensor.dims().length > 0) {
					floats.put(tensor.name(), toArray(tensor, manager, staging));
				}
			});
			in.transferTo(java.io.OutputStream.nullOutputStream());
			BertModel model = build(graph, floats, constants, manager);
			logger.debug("Imported {} from {} ({} nodes, producer {})", model.config(), this.fileName,
					graph.nodes().size(), graph.producer());
			return model;
		}
		catch (RuntimeException | IOException ex) {
			floats.values().forEach(NDArray::close);
			throw ex;
		}
	}

	private static NDArray toArray(OnnxTensor tensor, NDManager manager, ByteBuffer[] staging) {
		boolean half = tensor.dataType() != OnnxTensor.FLOAT;
		int bytes = tensor.data().remaining() * (half ? 2 : 1);
		if (staging[0].capacity() < bytes) {
			staging[0] = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
		}
		ByteBuffer buffer = staging[0];
		buffer.clear();
		if (half) {
			HalfPrecision.toFloat32(tensor.data(), buffer, tensor.dataType() == OnnxTensor.BFLOAT16);
		}
		else {
			buffer.put(tensor.data().duplicate().order(ByteOrder.LITTLE_ENDIAN));
		}
		buffer.flip();
		return NativeArrays.copyOf(manager, buffer, new Shape(tensor.dims()), DataType.FLOAT32);
	}

	private BertModel build(OnnxGraph graph, Map<String, NDArray> floats, Map<String, OnnxTensor> constants,
			NDManager manager) {
		Map<String, List<OnnxNode>> consumers = graph.consumers();
		Map<String, NDArray> named = new LinkedHashMap<>();
		for (Map.Entry<String, NDArray> entry : floats.entrySet()) {
			String onnxName = entry.getKey();
			String hfName = stripBertPrefix(onnxName);
			if (hfName.startsWith("embeddings.") || hfName.startsWith("encoder.")) {
				named.put(hfName, entry.getValue());
				continue;
			}
			Optional<String> fromMatMul = consumers.getOrDefault(onnxName, List.of())
				.stream()
				.filter((node) -> node.opType().equals("MatMul") && node.inputs().size() == 2
						&& node.inputs().get(1).equals(onnxName))
				.map((node) -> weightNameFromNode(node.name()))
				.flatMap(Optional::stream)
				.findFirst();
			if (fromMatMul.isPresent()) {
				NDArray transposed = contiguousTranspose(entry.getValue(), manager);
				entry.getValue().close();
				entry.setValue(transposed);
				named.put(fromMatMul.get(), transposed);
			}
		}
		NDArray wordEmbeddings = require(named, "embeddings.word_embeddings.weight");
		NDArray positionEmbeddings = require(named, "embeddings.position_embeddings.weight");
		NDArray typeEmbeddings = require(named, "embeddings.token_type_embeddings.weight");
		NDArray intermediate = require(named, "encoder.layer.0.intermediate.dense.weight");
		int hidden = (int) wordEmbeddings.getShape().get(1);
		TreeSet<Integer> layers = new TreeSet<>();
		for (String name : named.keySet()) {
			Matcher matcher = LAYER_INDEX.matcher(name);
			if (matcher.lookingAt()) {
				layers.add(Integer.parseInt(matcher.group(1)));
			}
		}
		BertConfig config;
		try {
			config = new BertConfig(this.backboneName, (int) wordEmbeddings.getShape().get(0), hidden, layers.size(),
					attentionHeads(graph, constants, hidden), (int) intermediate.getShape().get(0),
					(int) positionEmbeddings.getShape().get(0), (int) typeEmbeddings.getShape().get(0),
					layerNormEpsilon(graph, constants), activation(graph), 0.1, 0.1);
		}
		catch (IllegalArgumentException ex) {
			throw new ModelLoadException(this.fileName + ": " + ex.getMessage(), ex);
		}
		BertModel model = BertModel.fromTensors(config, named, manager, this.fileName, "");
		floats.values().stream().filter((array) -> !model.parameters().containsValue(array)).forEach(NDArray::close);
		return model;
	}

	private static NDArray contiguousTranspose(NDArray matrix, NDManager manager) {
		try (NDArray view = matrix.transpose()) {
			ByteBuffer data = view.toByteBuffer();
			ByteBuffer direct = ByteBuffer.allocateDirect(data.remaining()).order(ByteOrder.nativeOrder());
			direct.put(data).flip();
			return NativeArrays.copyOf(manager, direct, view.getShape(), view.getDataType());
		}
	}

	private NDArray require(Map<String, NDArray> named, String name) {
		NDArray array = named.get(name);
		if (array == null) {
			throw new ModelLoadException(this.fileName + ": has no initializer for " + name
					+ "; is this a BERT encoder exported with torch.onnx?");
		}
		return array;
	}

	private static String stripBertPrefix(String name) {
		return name.startsWith("bert.") ? name.substring("bert.".length()) : name;
	}

	/** {@code /encoder/layer.0/attention/self/query/MatMul} gives {@code encoder.layer.0.attention.self.query.weight}. */
	static Optional<String> weightNameFromNode(String nodeName) {
		String path = nodeName.startsWith("/") ? nodeName.substring(1) : nodeName;
		int slash = path.lastIndexOf('/');
		if (slash < 0 || !path.substring(slash + 1).equals("MatMul")) {
			return Optional.empty();
		}
		String module = stripBertPrefix(path.substring(0, slash).replace('/', '.'));
		String leaf = module.substring(module.lastIndexOf('.') + 1);
		if (!module.startsWith("encoder.layer.") || !List.of("query", "key", "value", "dense").contains(leaf)) {
			return Optional.empty();
		}
		return Optional.of(module + ".weight");
	}

	private int attentionHeads(OnnxGraph graph, Map<String, OnnxTensor> constants, int hidden) {
		for (OnnxNode node : graph.nodes()) {
			String path = stripBertPrefix(node.name().replaceFirst("^/", "").replace('/', '.'));
			if (!node.opType().equals("Reshape") || !path.startsWith("encoder.layer.0.attention.self.")
					|| node.inputs().size() < 2) {
				continue;
			}
			long[] shape = constantValues(graph, constants, node.inputs().get(1), 0);
			if (shape != null && shape.length == 4 && shape[2] > 0 && shape[3] > 0 && shape[2] * shape[3] == hidden) {
				return (int) shape[2];
			}
		}
		throw new ModelLoadException(this.fileName + ": cannot determine the number of attention heads: no Reshape "
				+ "in layer 0's self-attention has a constant [heads, head_size] with heads * head_size = hidden size "
				+ hidden + "; export the model with torch.onnx from a HuggingFace BertModel");
	}

	/** The values of a shape tensor; -1 for entries computed at run time. */
	private long[] constantValues(OnnxGraph graph, Map<String, OnnxTensor> constants, String value, int depth) {
		if (depth > 8) {
			return null;
		}
		OnnxTensor constant = constants.get(value);
		if (constant != null && (constant.dataType() == OnnxTensor.INT64 || constant.dataType() == OnnxTensor.INT32)) {
			return constant.longValues();
		}
		Optional<OnnxNode> producer = graph.producerOf(value);
		if (producer.isEmpty()) {
			return null;
		}
		OnnxNode node = producer.get();
		if (node.opType().equals("Constant") && node.attributes().get("value") instanceof OnnxTensor tensor
				&& (tensor.dataType() == OnnxTensor.INT64 || tensor.dataType() == OnnxTensor.INT32)) {
			return tensor.longValues();
		}
		if (node.opType().equals("Concat")) {
			List<Long> values = new java.util.ArrayList<>();
			for (String input : node.inputs()) {
				long[] part = constantValues(graph, constants, input, depth + 1);
				if (part == null) {
					values.add(-1L);
				}
				else {
					for (long v : part) {
						values.add(v);
					}
				}
			}
			return values.stream().mapToLong(Long::longValue).toArray();
		}
		return null;
	}

	private double layerNormEpsilon(OnnxGraph graph, Map<String, OnnxTensor> constants) {
		for (OnnxNode node : graph.nodes()) {
			String path = stripBertPrefix(node.name().replaceFirst("^/", "").replace('/', '.'));
			if (!path.startsWith("embeddings.LayerNorm")) {
				continue;
			}
			if (node.opType().equals("LayerNormalization")) {
				Object epsilon = node.attributes().get("epsilon");
				return (epsilon instanceof Float value) ? value : 1e-5;
			}
			if (node.opType().equals("Add") && node.inputs().size() == 2) {
				boolean afterVariance = graph.producerOf(node.inputs().get(0))
					.map((producer) -> producer.opType().equals("ReduceMean"))
					.orElse(false);
				if (afterVariance) {
					Double epsilon = scalar(graph, constants, node.inputs().get(1));
					if (epsilon != null) {
						return epsilon;
					}
				}
			}
		}
		throw new ModelLoadException(this.fileName + ": cannot determine the LayerNorm epsilon of the embeddings "
				+ "(neither a LayerNormalization node nor an Add of a constant after the variance)");
	}

	private static Double scalar(OnnxGraph graph, Map<String, OnnxTensor> constants, String value) {
		OnnxTensor tensor = constants.get(value);
		if (tensor == null) {
			tensor = graph.producerOf(value)
				.filter((node) -> node.opType().equals("Constant"))
				.map((node) -> node.attributes().get("value"))
				.filter(OnnxTensor.class::isInstance)
				.map(OnnxTensor.class::cast)
				.orElse(null);
		}
		if (tensor != null && tensor.numel() == 1
				&& (tensor.dataType() == OnnxTensor.FLOAT || tensor.dataType() == OnnxTensor.DOUBLE)) {
			return tensor.doubleValues()[0];
		}
		return null;
	}

	private BertActivation activation(OnnxGraph graph) {
		for (OnnxNode node : graph.nodes()) {
			String path = stripBertPrefix(node.name().replaceFirst("^/", "").replace('/', '.'));
			if (!path.startsWith("encoder.layer.0.intermediate.")) {
				continue;
			}
			switch (node.opType()) {
				case "Erf":
					return BertActivation.GELU;
				case "Tanh":
					return BertActivation.GELU_TANH;
				case "Relu":
					return BertActivation.RELU;
				case "Gelu":
					return "tanh".equals(node.attributes().get("approximate")) ? BertActivation.GELU_TANH
							: BertActivation.GELU;
				default:
			}
		}
		throw new ModelLoadException(this.fileName + ": cannot determine the feed-forward activation of layer 0 "
				+ "(no Erf, Tanh, Relu or Gelu node under /encoder/layer.0/intermediate/)");
	}

}
