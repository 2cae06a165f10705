package dev.colbert.encoder.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A tensor read from an ONNX file: an initializer or the value of a {@code Constant} node.
 *
 * @param name the tensor's name in the graph
 * @param dataType the ONNX {@code TensorProto.DataType} code (1 = FLOAT, 7 = INT64, ...)
 * @param dims the shape
 * @param data the values, little-endian, {@code numel * elementSize} bytes, positioned at 0
 */
public record OnnxTensor(String name, int dataType, long[] dims, ByteBuffer data) {

	/** ONNX {@code TensorProto.DataType.FLOAT}. */
	public static final int FLOAT = 1;

	/** ONNX {@code TensorProto.DataType.INT32}. */
	public static final int INT32 = 6;

	/** ONNX {@code TensorProto.DataType.INT64}. */
	public static final int INT64 = 7;

	/** ONNX {@code TensorProto.DataType.FLOAT16}. */
	public static final int FLOAT16 = 10;

	/** ONNX {@code TensorProto.DataType.DOUBLE}. */
	public static final int DOUBLE = 11;

	/** ONNX {@code TensorProto.DataType.BFLOAT16}. */
	public static final int BFLOAT16 = 16;

	/** Number of elements. */
	public long numel() {
		long n = 1;
		for (long d : this.dims) {
			n *= d;
		}
		return n;
	}

	/** The values as longs (INT64 or INT32 tensors), for shape constants. */
	public long[] longValues() {
		ByteBuffer buffer = this.data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
		int n = Math.toIntExact(numel());
		long[] values = new long[n];
		for (int i = 0; i < n; i++) {
			values[i] = switch (this.dataType) {
				case INT64 -> buffer.getLong();
				case INT32 -> buffer.getInt();
				default -> throw new IllegalStateException("tensor " + this.name + " has ONNX data type "
						+ this.dataType + ", expected INT64 or INT32");
			};
		}
		return values;
	}

	/** The values as doubles (FLOAT or DOUBLE tensors), for scalar constants such as epsilon. */
	public double[] doubleValues() {
		ByteBuffer buffer = this.data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
		int n = Math.toIntExact(numel());
		double[] values = new double[n];
		for (int i = 0; i < n; i++) {
			values[i] = switch (this.dataType) {
				case FLOAT -> buffer.getFloat();
				case DOUBLE -> buffer.getDouble();
				default -> throw new IllegalStateException("tensor " + this.name + " has ONNX data type "
						+ this.dataType + ", expected FLOAT or DOUBLE");
			};
		}
		return values;
	}

	/** Size in bytes of one element of the given ONNX data type, or -1 when unsupported. */
	public static int elementSize(int dataType) {
		return switch (dataType) {
			case FLOAT, INT32 -> 4;
			case INT64, DOUBLE -> 8;
			case FLOAT16, BFLOAT16 -> 2;
			case 2, 3, 9 -> 1; // UINT8, INT8, BOOL
			case 4, 5 -> 2; // UINT16, INT16
			default -> -1;
		};
	}

	@Override
	public String toString() {
		return "OnnxTensor[" + this.name + " " + Arrays.toString(this.dims) + " type " + this.dataType + "]";
	}

}
