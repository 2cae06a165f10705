package dev.colbert.encoder;

/**
 * Which engine runs the BERT forward pass of single queries ({@link ColbertEncoder#encodeQuery}). Documents, batched
 * queries and training always run on PyTorch; the tokenizer, the ColBERT query rules, the rows kept and the L2
 * normalization are the same on both engines, and so is the model fingerprint.
 */
public enum QueryEngine {

	/**
	 * ONNX Runtime where it applies (the model is an ONNX file from the classpath with no trained layers, such as the
	 * embedded default; the device is the CPU; DJL's OnnxRuntime engine is on the classpath), else PyTorch.
	 */
	AUTO,

	/** Always PyTorch. */
	PYTORCH,

	/** Always ONNX Runtime; loading a model where it does not apply fails and names why. */
	ONNXRUNTIME

}
