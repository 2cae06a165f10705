package dev.colbert.encoder.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import dev.colbert.encoder.ModelLoadException;
import dev.colbert.encoder.model.NativeArrays;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length {@code N}, {@code N} bytes of JSON
 * ({@code {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}}), then the
 * tensor bytes, little-endian, at the offsets (relative to the end of the header).
 *
 * <p>Reading streams the file once, in offset order, through a single reusable buffer, validating every header entry
 * against the file size and feeding every byte to a digest (the fingerprint of the weights costs no extra pass).
 */
public final class Safetensors {

	private static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

	private Safetensors() {
	}

	/** One tensor's entry in the header. */
	record Entry(String name, String dtype, long[] shape, long begin, long end) {

		long bytes() {
			return this.end - this.begin;
		}

	}

	/**
	 * Reads the tensors of a safetensors file into NDArrays of the file's types, except that float16 and bfloat16 are
	 * widened to float32.
	 * @param file the file
	 * @param manager receives the arrays
	 * @param wanted which tensors to create (the others are read for the digest but not kept)
	 * @param digest receives every byte of the file, or {@code null}
	 * @return tensors by name, in file order
	 * @throws ModelLoadException naming the file and the problem if the file is truncated, corrupt or unsupported
	 */
	public static Map<String, NDArray> read(Path file, NDManager manager, Predicate<String> wanted,
			MessageDigest digest) {
		String fileName = file.getFileName().toString();
		Map<String, NDArray> tensors = new LinkedHashMap<>();
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			long fileSize = channel.size();
			if (fileSize < 8) {
				throw new ModelLoadException(fileName + ": " + fileSize + " bytes is too short for safetensors");
			}
			ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
			readFully(channel, lengthBytes, fileName);
			long headerLength = lengthBytes.flip().getLong(0);
			if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || headerLength > fileSize - 8) {
				throw new ModelLoadException(fileName + ": header length " + headerLength + " is impossible for a "
						+ fileSize + "-byte file; the file is not safetensors or is corrupt");
			}
			ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
			readFully(channel, headerBytes, fileName);
			if (digest != null) {
				digest.update(lengthBytes.rewind());
				digest.update(headerBytes.array());
			}
			long dataSize = fileSize - 8 - headerLength;
			List<Entry> entries = parseHeader(headerBytes.array(), fileName, dataSize);
			long maxBytes = entries.stream().mapToLong(Entry::bytes).max().orElse(0);
			ByteBuffer staging = ByteBuffer.allocateDirect((int) Math.min(Math.max(maxBytes, 1 << 16), Integer.MAX_VALUE))
				.order(ByteOrder.LITTLE_ENDIAN);
			long maxHalfBytes = entries.stream()
				.filter((entry) -> isHalf(entry.dtype()))
				.mapToLong(Entry::bytes)
				.max()
				.orElse(0);
			ByteBuffer widened = (maxHalfBytes > 0) ? ByteBuffer.allocateDirect((int) (2 * maxHalfBytes)) : null;
			long position = 0;
			for (Entry entry : entries) {
				if (entry.begin() > position) {
					skip(channel, entry.begin() - position, staging, digest, fileName);
				}
				staging.clear().limit((int) entry.bytes());
				readFully(channel, staging, fileName);
				staging.flip();
				if (digest != null) {
					digest.update(staging.duplicate());
				}
				position = entry.end();
				if (wanted.test(entry.name())) {
					NDArray array;
					if (isHalf(entry.dtype())) {
						widened.clear();
						HalfPrecision.toFloat32(staging, widened, entry.dtype().equals("BF16"));
						widened.flip();
						array = NativeArrays.copyOf(manager, widened, new Shape(entry.shape()), DataType.FLOAT32);
					}
					else {
						array = NativeArrays.copyOf(manager, staging, new Shape(entry.shape()), dataType(entry.dtype()));
					}
					array.setName(entry.name());
					tensors.put(entry.name(), array);
				}
			}
			if (position < dataSize) {
				skip(channel, dataSize - position, staging, digest, fileName);
			}
			return tensors;
		}
		catch (IOException ex) {
			tensors.values().forEach(NDArray::close);
			throw new ModelLoadException(fileName + ": cannot be read (" + ex.getMessage() + ")", ex);
		}
		catch (RuntimeException ex) {
			tensors.values().forEach(NDArray::close);
			throw ex;
		}
	}

	/**
	 * Reads only the header: tensor names with dtype and shape, for validation without loading.
	 */
	static List<Entry> readHeader(Path file) {
		String fileName = file.getFileName().toString();
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
			readFully(channel, lengthBytes, fileName);
			long headerLength = lengthBytes.flip().getLong(0);
			if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || headerLength > channel.size() - 8) {
				throw new ModelLoadException(fileName + ": header length " + headerLength + " is impossible for a "
						+ channel.size() + "-byte file; the file is not safetensors or is corrupt");
			}
			ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
			readFully(channel, headerBytes, fileName);
			return parseHeader(headerBytes.array(), fileName, channel.size() - 8 - headerLength);
		}
		catch (IOException ex) {
			throw new ModelLoadException(fileName + ": cannot be read (" + ex.getMessage() + ")", ex);
		}
	}

	private static List<Entry> parseHeader(byte[] header, String fileName, long dataSize) {
		JsonObject json;
		try {
			JsonElement parsed = JsonParser.parseString(new String(header, StandardCharsets.UTF_8).trim());
			if (!parsed.isJsonObject()) {
				throw new ModelLoadException(fileName + ": the safetensors header is not a JSON object");
			}
			json = parsed.getAsJsonObject();
		}
		catch (JsonParseException ex) {
			throw new ModelLoadException(fileName + ": the safetensors header is not readable JSON ("
					+ ex.getMessage() + "); the file is corrupt", ex);
		}
		List<Entry> entries = new ArrayList<>();
		for (Map.Entry<String, JsonElement> field : json.entrySet()) {
			if (field.getKey().equals("__metadata__")) {
				continue;
			}
			entries.add(parseEntry(field.getKey(), field.getValue(), fileName, dataSize));
		}
		entries.sort(Comparator.comparingLong(Entry::begin));
		long previousEnd = 0;
		for (Entry entry : entries) {
			if (entry.begin() < previousEnd) {
				throw new ModelLoadException(fileName + ": tensor " + entry.name() + " overlaps the previous tensor; "
						+ "the file is corrupt");
			}
			previousEnd = entry.end();
		}
		return entries;
	}

	private static Entry parseEntry(String name, JsonElement value, String fileName, long dataSize) {
		try {
			JsonObject object = value.getAsJsonObject();
			String dtype = object.get("dtype").getAsString();
			JsonArray shapeJson = object.getAsJsonArray("shape");
			long[] shape = new long[shapeJson.size()];
			long numel = 1;
			for (int i = 0; i < shape.length; i++) {
				shape[i] = shapeJson.get(i).getAsLong();
				if (shape[i] < 0) {
					throw new ModelLoadException(fileName + ": tensor " + name + " has a negative dimension");
				}
				numel *= shape[i];
			}
			JsonArray offsets = object.getAsJsonArray("data_offsets");
			long begin = offsets.get(0).getAsLong();
			long end = offsets.get(1).getAsLong();
			int elementSize = elementSize(dtype, name, fileName);
			if (begin < 0 || end < begin || end > dataSize) {
				throw new ModelLoadException(fileName + ": tensor " + name + " has data_offsets [" + begin + ", " + end
						+ "] outside the " + dataSize + " data bytes; the file is truncated or corrupt");
			}
			if (end - begin != numel * elementSize) {
				throw new ModelLoadException(fileName + ": tensor " + name + " of shape " + Arrays.toString(shape)
						+ " and dtype " + dtype + " needs " + numel * elementSize + " bytes but its data_offsets span "
						+ (end - begin) + "; the file is corrupt");
			}
			return new Entry(name, dtype, shape, begin, end);
		}
		catch (IllegalStateException | NullPointerException | IndexOutOfBoundsException
				| UnsupportedOperationException ex) {
			throw new ModelLoadException(fileName + ": the header entry of tensor " + name
					+ " is malformed (needs dtype, shape and data_offsets)", ex);
		}
	}

	private static boolean isHalf(String dtype) {
		return dtype.equals("F16") || dtype.equals("BF16");
	}

	private static int elementSize(String dtype, String name, String fileName) {
		return switch (dtype) {
			case "F64", "I64", "U64" -> 8;
			case "F32", "I32", "U32" -> 4;
			case "F16", "BF16", "I16", "U16" -> 2;
			case "I8", "U8", "BOOL" -> 1;
			default -> throw new ModelLoadException(
					fileName + ": tensor " + name + " has unsupported dtype " + dtype);
		};
	}

	private static DataType dataType(String dtype) {
		return switch (dtype) {
			case "F64" -> DataType.FLOAT64;
			case "F32" -> DataType.FLOAT32;
			case "F16" -> DataType.FLOAT16;
			case "I64" -> DataType.INT64;
			case "I32" -> DataType.INT32;
			case "I16" -> DataType.INT16;
			case "I8" -> DataType.INT8;
			case "U8" -> DataType.UINT8;
			case "BOOL" -> DataType.BOOLEAN;
			default -> throw new IllegalArgumentException("dtype " + dtype + " has no NDArray type");
		};
	}

	private static String dtypeName(DataType type) {
		return switch (type) {
			case FLOAT64 -> "F64";
			case FLOAT32 -> "F32";
			case FLOAT16 -> "F16";
			case INT64 -> "I64";
			case INT32 -> "I32";
			case INT16 -> "I16";
			case INT8 -> "I8";
			case UINT8 -> "U8";
			case BOOLEAN -> "BOOL";
			default -> throw new IllegalArgumentException("data type " + type + " cannot be written as safetensors");
		};
	}

	private static void readFully(FileChannel channel, ByteBuffer buffer, String fileName) throws IOException {
		while (buffer.hasRemaining()) {
			if (channel.read(buffer) < 0) {
				throw new ModelLoadException(fileName + ": ends early; the file is truncated");
			}
		}
	}

	private static void skip(FileChannel channel, long bytes, ByteBuffer staging, MessageDigest digest,
			String fileName) throws IOException {
		long left = bytes;
		while (left > 0) {
			staging.clear().limit((int) Math.min(left, staging.capacity()));
			readFully(channel, staging, fileName);
			staging.flip();
			if (digest != null) {
				digest.update(staging);
			}
			left -= staging.limit();
		}
	}

	/**
	 * Writes tensors as a safetensors file, atomically (a temporary file in the same folder, then a rename).
	 * @param tensors tensors by name, written in this order
	 * @param metadata string metadata for {@code __metadata__} (e.g. {@code format: pt})
	 * @param file the target
	 */
	public static void write(Map<String, NDArray> tensors, Map<String, String> metadata, Path file)
			throws IOException {
		JsonObject header = new JsonObject();
		JsonObject meta = new JsonObject();
		metadata.forEach(meta::addProperty);
		header.add("__metadata__", meta);
		long offset = 0;
		for (Map.Entry<String, NDArray> entry : tensors.entrySet()) {
			NDArray tensor = entry.getValue();
			long bytes = tensor.size() * tensor.getDataType().getNumOfBytes();
			JsonObject object = new JsonObject();
			object.addProperty("dtype", dtypeName(tensor.getDataType()));
			JsonArray shape = new JsonArray();
			for (long dimension : tensor.getShape().getShape()) {
				shape.add(dimension);
			}
			object.add("shape", shape);
			JsonArray offsets = new JsonArray();
			offsets.add(offset);
			offsets.add(offset + bytes);
			object.add("data_offsets", offsets);
			header.add(entry.getKey(), object);
			offset += bytes;
		}
		byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
		int padded = (json.length + 7) / 8 * 8;
		byte[] headerBytes = Arrays.copyOf(json, padded);
		Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
		Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
		try {
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE,
					StandardOpenOption.TRUNCATE_EXISTING); OutputStream out = Channels.newOutputStream(channel)) {
				ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
				out.write(length.array());
				out.write(headerBytes);
				for (NDArray tensor : tensors.values()) {
					ByteBuffer data = tensor.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
					while (data.hasRemaining()) {
						channel.write(data);
					}
				}
				channel.force(true);
			}
			Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

}
