package dev.colbert.encoder.model;

import java.nio.ByteBuffer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Moves bytes between Java buffers and engine-owned NDArrays without leaving engine tensors that point into Java
 * memory.
 *
 * <p>On the PyTorch engine, an NDArray created from a direct buffer (and {@code NDArray.set}) shares the buffer's memory
 * instead of copying it. Parameters must not depend on a reusable staging buffer, so {@link #copyOf} clones the shared
 * view into memory the engine owns.
 */
public final class NativeArrays {

	private NativeArrays() {
	}

	/**
	 * Creates an engine-owned array holding a copy of the buffer's bytes.
	 * @param manager receives the array
	 * @param data direct buffer in native byte order; position to limit holds exactly the array's bytes
	 * @param shape the array's shape
	 * @param type the array's data type
	 */
	public static NDArray copyOf(NDManager manager, ByteBuffer data, Shape shape, DataType type) {
		try (NDArray view = view(manager, data, shape, type)) {
			return view.duplicate();
		}
	}

	/**
	 * Creates an array that shares the buffer's memory (no copy): valid while the buffer's content is kept; close it
	 * before reusing the buffer.
	 * @param manager receives the array
	 * @param data direct buffer in native byte order; position to limit holds exactly the array's bytes
	 * @param shape the array's shape
	 * @param type the array's data type
	 */
	public static NDArray view(NDManager manager, ByteBuffer data, Shape shape, DataType type) {
		if (!data.isDirect()) {
			throw new IllegalArgumentException("data must be a direct buffer");
		}
		long expected = shape.size() * type.getNumOfBytes();
		if (data.remaining() != expected) {
			throw new IllegalArgumentException(
					"buffer holds " + data.remaining() + " bytes, expected " + expected + " for " + shape + " " + type);
		}
		return manager.create(data.slice().order(data.order()), shape, type);
	}

	/**
	 * An engine-owned scalar of {@code like}'s data type, in {@code like}'s manager.
	 *
	 * <p>Use it instead of {@code NDArray.mul(Number)}, {@code div(Number)}, {@code maximum(Number)} or
	 * {@code pow(Number)} wherever gradients flow: on the PyTorch engine those wrap the number in a tensor that shares a
	 * Java buffer and close it at once, while autograd keeps that tensor for the backward pass of the operation (a
	 * product needs its other factor). The backward pass then reads memory the Java side has released, and once it is
	 * reused the gradients are garbage (seen as gradient norms of 1e7 to 1e37 in top-layer training). A scalar made here
	 * is owned by the engine, so autograd's reference keeps it valid whatever happens to the Java handle.
	 */
	public static NDArray scalar(NDArray like, float value) {
		return like.getManager().full(new Shape(), value, like.getDataType());
	}

	/** {@code x * value} through an engine-owned scalar (see {@link #scalar}); safe under autograd. */
	public static NDArray times(NDArray x, float value) {
		try (NDArray factor = scalar(x, value)) {
			return x.mul(factor);
		}
	}

}
