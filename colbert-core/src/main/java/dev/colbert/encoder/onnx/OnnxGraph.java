package dev.colbert.encoder.onnx;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The nodes, inputs and outputs of an ONNX graph (initializers are streamed separately by {@link OnnxModelReader}).
 *
 * @param nodes the nodes in file order
 * @param inputs the graph's input names
 * @param outputs the graph's output names
 * @param initializerCount how many initializers the graph holds
 * @param producer producer name and version, e.g. {@code pytorch 2.0.1}
 */
public record OnnxGraph(List<OnnxNode> nodes, List<String> inputs, List<String> outputs, int initializerCount,
		String producer) {

	OnnxGraph withProducer(String producer) {
		return new OnnxGraph(this.nodes, this.inputs, this.outputs, this.initializerCount, producer);
	}

	/** The node that produces the given value, if any. */
	public Optional<OnnxNode> producerOf(String value) {
		return this.nodes.stream().filter((node) -> node.outputs().contains(value)).findFirst();
	}

	/** Maps each value name to the nodes that consume it. */
	public Map<String, List<OnnxNode>> consumers() {
		Map<String, List<OnnxNode>> consumers = new HashMap<>();
		for (OnnxNode node : this.nodes) {
			for (String input : node.inputs()) {
				consumers.computeIfAbsent(input, (key) -> new java.util.ArrayList<>()).add(node);
			}
		}
		return consumers;
	}

}
