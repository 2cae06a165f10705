package dev.colbert.encoder.onnx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

import dev.colbert.encoder.ModelLoadException;

/**
 * Streams an ONNX model file ({@code ModelProto}, protobuf wire format) without generated classes: the graph's nodes
 * are collected, initializers are handed one at a time to a consumer so that a large model is never held twice.
 *
 * <p>Field numbers follow {@code onnx.proto3}: ModelProto.graph = 7, producer_name = 2, producer_version = 3;
 * GraphProto.node = 1, initializer = 5, input = 11, output = 12; NodeProto.input = 1, output = 2, name = 3, op_type = 4,
 * attribute = 5; AttributeProto.name = 1, f = 2, i = 3, s = 4, t = 5, ints = 8; ValueInfoProto.name = 1;
 * TensorProto.dims = 1, data_type = 2, float_data = 4, int32_data = 5, int64_data = 7, name = 8, raw_data = 9,
 * double_data = 10, data_location = 14.
 */
public final class OnnxModelReader {

	private final String fileName;

	/**
	 * @param fileName the file's name, used in error messages
	 */
	public OnnxModelReader(String fileName) {
		this.fileName = fileName;
	}

	/**
	 * Reads the model.
	 * @param in the ONNX file (read to its end, not closed)
	 * @param initializers receives each initializer; its data buffer is only valid during the call
	 * @return the graph without initializers
	 * @throws ModelLoadException if the stream is not a readable ONNX model
	 */
	public OnnxGraph read(InputStream in, Consumer<OnnxTensor> initializers) throws IOException {
		CodedInputStream input = CodedInputStream.newInstance(in, 1 << 16);
		input.setSizeLimit(Integer.MAX_VALUE);
		OnnxGraph graph = null;
		String producer = "";
		String producerVersion = "";
		try {
			while (!input.isAtEnd()) {
				int tag = input.readTag();
				switch (WireFormat.getTagFieldNumber(tag)) {
					case 2 -> producer = input.readStringRequireUtf8();
					case 3 -> producerVersion = input.readStringRequireUtf8();
					case 7 -> {
						int limit = input.pushLimit(input.readRawVarint32());
						graph = readGraph(input, initializers);
						input.popLimit(limit);
					}
					default -> input.skipField(tag);
				}
			}
		}
		catch (com.google.protobuf.InvalidProtocolBufferException ex) {
			throw new ModelLoadException(this.fileName + ": not a readable ONNX model (" + ex.getMessage()
					+ "); the file may be truncated or corrupt", ex);
		}
		if (graph == null) {
			throw new ModelLoadException(this.fileName + ": no graph found; is this an ONNX model file?");
		}
		return graph.withProducer((producer + " " + producerVersion).trim());
	}

	private OnnxGraph readGraph(CodedInputStream input, Consumer<OnnxTensor> initializers) throws IOException {
		List<OnnxNode> nodes = new ArrayList<>();
		List<String> inputs = new ArrayList<>();
		List<String> outputs = new ArrayList<>();
		int initializerCount = 0;
		while (!input.isAtEnd()) {
			int tag = input.readTag();
			int field = WireFormat.getTagFieldNumber(tag);
			if (field == 1 || field == 5 || field == 11 || field == 12) {
				int limit = input.pushLimit(input.readRawVarint32());
				switch (field) {
					case 1 -> nodes.add(readNode(input));
					case 5 -> {
						initializers.accept(readTensor(input));
						initializerCount++;
					}
					case 11 -> inputs.add(readValueInfoName(input));
					default -> outputs.add(readValueInfoName(input));
				}
				input.popLimit(limit);
			}
			else if (field == 15) {
				throw new ModelLoadException(this.fileName + ": sparse initializers are not supported");
			}
			else {
				input.skipField(tag);
			}
		}
		return new OnnxGraph(nodes, inputs, outputs, initializerCount, "");
	}

	private OnnxNode readNode(CodedInputStream input) throws IOException {
		List<String> inputs = new ArrayList<>();
		List<String> outputs = new ArrayList<>();
		Map<String, Object> attributes = new LinkedHashMap<>();
		String name = "";
		String opType = "";
		while (!input.isAtEnd()) {
			int tag = input.readTag();
			switch (WireFormat.getTagFieldNumber(tag)) {
				case 1 -> inputs.add(input.readStringRequireUtf8());
				case 2 -> outputs.add(input.readStringRequireUtf8());
				case 3 -> name = input.readStringRequireUtf8();
				case 4 -> opType = input.readStringRequireUtf8();
				case 5 -> {
					int limit = input.pushLimit(input.readRawVarint32());
					readAttribute(input, attributes);
					input.popLimit(limit);
				}
				default -> input.skipField(tag);
			}
		}
		return new OnnxNode(name, opType, List.copyOf(inputs), List.copyOf(outputs), attributes);
	}

	private void readAttribute(CodedInputStream input, Map<String, Object> attributes) throws IOException {
		String name = "";
		Object value = null;
		List<Long> ints = new ArrayList<>();
		while (!input.isAtEnd()) {
			int tag = input.readTag();
			switch (WireFormat.getTagFieldNumber(tag)) {
				case 1 -> name = input.readStringRequireUtf8();
				case 2 -> value = input.readFloat();
				case 3 -> value = input.readInt64();
				case 4 -> value = input.readBytes().toStringUtf8();
				case 5 -> {
					int limit = input.pushLimit(input.readRawVarint32());
					value = readTensor(input);
					input.popLimit(limit);
				}
				case 8 -> readInt64s(input, tag, ints);
				default -> input.skipField(tag);
			}
		}
		if (value == null && !ints.isEmpty()) {
			value = ints.stream().mapToLong(Long::longValue).toArray();
		}
		if (value != null) {
			attributes.put(name, value);
		}
	}

	private String readValueInfoName(CodedInputStream input) throws IOException {
		String name = "";
		while (!input.isAtEnd()) {
			int tag = input.readTag();
			if (WireFormat.getTagFieldNumber(tag) == 1) {
				name = input.readStringRequireUtf8();
			}
			else {
				input.skipField(tag);
			}
		}
		return name;
	}

	private OnnxTensor readTensor(CodedInputStream input) throws IOException {
		List<Long> dims = new ArrayList<>();
		int dataType = 0;
		String name = "";
		byte[] raw = null;
		List<Long> int64s = new ArrayList<>();
		List<Long> int32s = new ArrayList<>();
		List<Float> floats = new ArrayList<>();
		List<Double> doubles = new ArrayList<>();
		boolean external = false;
		while (!input.isAtEnd()) {
			int tag = input.readTag();
			switch (WireFormat.getTagFieldNumber(tag)) {
				case 1 -> readInt64s(input, tag, dims);
				case 2 -> dataType = input.readInt32();
				case 4 -> readFloats(input, tag, floats);
				case 5 -> readInt64s(input, tag, int32s);
				case 7 -> readInt64s(input, tag, int64s);
				case 8 -> name = input.readStringRequireUtf8();
				case 9 -> raw = input.readRawBytes(input.readRawVarint32());
				case 10 -> readDoubles(input, tag, doubles);
				case 14 -> external = input.readEnum() == 1;
				default -> input.skipField(tag);
			}
		}
		if (external) {
			throw new ModelLoadException(this.fileName + ": tensor " + name
					+ " keeps its data in an external file; export the model with the weights inside the .onnx file");
		}
		long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
		int elementSize = OnnxTensor.elementSize(dataType);
		if (elementSize < 0) {
			throw new ModelLoadException(
					this.fileName + ": tensor " + name + " has unsupported ONNX data type " + dataType);
		}
		long numel = 1;
		for (long d : shape) {
			numel *= d;
		}
		ByteBuffer data;
		if (raw != null) {
			data = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
		}
		else {
			data = typedData(dataType, numel, floats, int32s, int64s, doubles);
		}
		if (data.remaining() != numel * elementSize) {
			throw new ModelLoadException(this.fileName + ": tensor " + name + " of shape "
					+ java.util.Arrays.toString(shape) + " holds " + data.remaining() + " bytes, expected "
					+ numel * elementSize + "; the file is corrupt");
		}
		return new OnnxTensor(name, dataType, shape, data);
	}

	private static ByteBuffer typedData(int dataType, long numel, List<Float> floats, List<Long> int32s,
			List<Long> int64s, List<Double> doubles) {
		int elementSize = OnnxTensor.elementSize(dataType);
		int count = switch (dataType) {
			case OnnxTensor.FLOAT -> floats.size();
			case OnnxTensor.INT64 -> int64s.size();
			case OnnxTensor.DOUBLE -> doubles.size();
			default -> int32s.size();
		};
		ByteBuffer data = ByteBuffer.allocate(count * Math.max(elementSize, 1)).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < count; i++) {
			switch (dataType) {
				case OnnxTensor.FLOAT -> data.putFloat(floats.get(i));
				case OnnxTensor.INT64 -> data.putLong(int64s.get(i));
				case OnnxTensor.DOUBLE -> data.putDouble(doubles.get(i));
				case OnnxTensor.INT32 -> data.putInt(int32s.get(i).intValue());
				case OnnxTensor.FLOAT16, OnnxTensor.BFLOAT16, 4, 5 -> data.putShort((short) int32s.get(i).intValue());
				default -> data.put((byte) int32s.get(i).intValue());
			}
		}
		data.flip();
		return data;
	}

	private static void readInt64s(CodedInputStream input, int tag, List<Long> into) throws IOException {
		if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
			int limit = input.pushLimit(input.readRawVarint32());
			while (!input.isAtEnd()) {
				into.add(input.readInt64());
			}
			input.popLimit(limit);
		}
		else {
			into.add(input.readInt64());
		}
	}

	private static void readFloats(CodedInputStream input, int tag, List<Float> into) throws IOException {
		if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
			int limit = input.pushLimit(input.readRawVarint32());
			while (!input.isAtEnd()) {
				into.add(input.readFloat());
			}
			input.popLimit(limit);
		}
		else {
			into.add(input.readFloat());
		}
	}

	private static void readDoubles(CodedInputStream input, int tag, List<Double> into) throws IOException {
		if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
			int limit = input.pushLimit(input.readRawVarint32());
			while (!input.isAtEnd()) {
				into.add(input.readDouble());
			}
			input.popLimit(limit);
		}
		else {
			into.add(input.readDouble());
		}
	}

}
