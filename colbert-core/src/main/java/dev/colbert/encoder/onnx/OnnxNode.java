package dev.colbert.encoder.onnx;

import java.util.List;
import java.util.Map;

/**
 * One node of an ONNX graph, as far as the BERT importer needs it.
 *
 * @param name the node name (for exports by {@code torch.onnx}, the module path, e.g.
 * {@code /encoder/layer.0/attention/self/query/MatMul})
 * @param opType the operator, e.g. {@code MatMul}
 * @param inputs input value names
 * @param outputs output value names
 * @param attributes attribute values by name: {@code Long} (int), {@code Float} (float), {@code String}, {@code long[]}
 * (ints) or {@link OnnxTensor} (tensor, e.g. the {@code value} of a {@code Constant})
 */
public record OnnxNode(String name, String opType, List<String> inputs, List<String> outputs,
		Map<String, Object> attributes) {

}
