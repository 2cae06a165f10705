package dev.colbert.encoder.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;

import dev.colbert.encoder.ModelLoadException;

/**
 * A ColBERT model: a {@link BertModel} followed by a linear projection {@code [dim, hidden]} without bias (the
 * checkpoint's {@code linear.weight}), or by the identity when the backbone has no trained ColBERT head.
 *
 * <p>{@link #forward} is differentiable; {@link #checkpointTensors()} names every tensor as the HuggingFace ColBERT
 * layout does ({@code bert.*} and {@code linear.weight}), so a trained model can be written back as a checkpoint.
 */
public final class ColbertModel implements AutoCloseable {

	/** Name of the projection tensor in a HuggingFace ColBERT checkpoint. */
	public static final String PROJECTION_NAME = "linear.weight";

	/** Prefix of the encoder tensors in a HuggingFace ColBERT checkpoint. */
	public static final String BERT_PREFIX = "bert.";

	private final BertModel bert;

	private final NDArray projection;

	private final ColbertModel documentTower;

	/**
	 * @param bert the encoder
	 * @param projection {@code [dim, hidden]} float32, attached to the encoder's manager; {@code null} for the identity
	 */
	public ColbertModel(BertModel bert, NDArray projection) {
		this(bert, projection, null);
	}

	/**
	 * An asymmetric model: this encoder and projection for queries, {@code documentTower} for documents.
	 * @param documentTower the documents' model (same dimension, no tower of its own), or {@code null} when documents
	 * are encoded like queries; owned by this model
	 */
	public ColbertModel(BertModel bert, NDArray projection, ColbertModel documentTower) {
		this.bert = bert;
		this.documentTower = documentTower;
		if (projection != null) {
			Shape shape = projection.getShape();
			if (shape.dimension() != 2 || shape.get(1) != bert.config().hiddenSize() || shape.get(0) <= 0) {
				throw new ModelLoadException("tensor " + PROJECTION_NAME + " has shape "
						+ Arrays.toString(shape.getShape()) + ", expected [dim, " + bert.config().hiddenSize()
						+ "] (hidden_size " + bert.config().hiddenSize() + ")");
			}
			if (projection.getDataType() != DataType.FLOAT32) {
				NDArray converted = projection.toType(DataType.FLOAT32, false);
				projection.close();
				projection = converted;
			}
			projection.attach(bert.manager());
			projection.setName(PROJECTION_NAME);
		}
		this.projection = projection;
		if (documentTower != null && (documentTower.documentTower != null || documentTower.dim() != dim())) {
			throw new ModelLoadException("a document tower must have the query tower's dimension " + dim()
					+ " and no tower of its own; it has dim " + documentTower.dim());
		}
	}

	/** The model that encodes documents: the document tower of an asymmetric model, else this model. */
	public ColbertModel documents() {
		return (this.documentTower != null) ? this.documentTower : this;
	}

	/** Whether documents have a tower of their own (see {@link #documents()}). */
	public boolean asymmetric() {
		return this.documentTower != null;
	}

	public BertModel bert() {
		return this.bert;
	}

	/** The projection {@code [dim, hidden]}, or {@code null} when the projection is the identity. */
	public NDArray projection() {
		return this.projection;
	}

	/** Output dimensions: rows of the projection, or the hidden size for the identity. */
	public int dim() {
		return (this.projection != null) ? (int) this.projection.getShape().get(0) : this.bert.config().hiddenSize();
	}

	/**
	 * BERT, then the projection; not normalized.
	 * @param inputIds {@code [batch, length]} int64 token ids
	 * @param attentionMask {@code [batch, length]} 1/0, or {@code null} when every token is attended
	 * @param training whether to apply dropout
	 * @return {@code [batch, length, dim]}, attached to the manager of {@code inputIds}
	 */
	public NDArray forward(NDArray inputIds, NDArray attentionMask, boolean training) {
		NDArray hidden = this.bert.forward(inputIds, attentionMask, training);
		return (this.projection != null) ? Linear.linear(hidden, this.projection).singletonOrThrow() : hidden;
	}

	/**
	 * BERT on packed sequences (see {@link BertModel#forwardPacked}), then the projection; not normalized.
	 * @return {@code [tokens, dim]}, attached to the manager of {@code packedIds}
	 */
	public NDArray forwardPacked(NDArray packedIds, NDArray positions, int[] lengths, int[] attendedLengths,
			boolean training) {
		NDArray hidden = this.bert.forwardPacked(packedIds, positions, lengths, attendedLengths, training);
		return (this.projection != null) ? Linear.linear(hidden, this.projection).singletonOrThrow() : hidden;
	}

	/** Every tensor under its HuggingFace ColBERT checkpoint name, {@code bert.*} first, then {@code linear.weight}. */
	public Map<String, NDArray> checkpointTensors() {
		Map<String, NDArray> tensors = new LinkedHashMap<>();
		this.bert.parameters().forEach((name, tensor) -> tensors.put(BERT_PREFIX + name, tensor));
		if (this.projection != null) {
			tensors.put(PROJECTION_NAME, this.projection);
		}
		return tensors;
	}

	/** Switches the encoder and the projection between inference and training (see {@link BertModel#setTrainable}). */
	public void setTrainable(boolean trainable) {
		this.bert.setTrainable(trainable);
		if (this.projection != null) {
			this.projection.setRequiresGradient(trainable);
		}
	}

	@Override
	public void close() {
		// the query tower first: it may share the documents' parameters (BertModel.withParameters), or be their model
		if (this.documentTower == null || this.documentTower.bert != this.bert) {
			this.bert.close();
		}
		if (this.documentTower != null) {
			this.documentTower.close();
		}
	}

}
