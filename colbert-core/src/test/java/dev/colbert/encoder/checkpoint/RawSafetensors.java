package dev.colbert.encoder.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Writes safetensors files byte by byte, independently of the production writer, for tests.
 */
final class RawSafetensors {

	private RawSafetensors() {
	}

	/** Writes bfloat16 tensors (the upper 16 bits of each float). */
	static void writeBfloat16(Map<String, float[]> tensors, Map<String, long[]> shapes, Path file) throws IOException {
		JsonObject header = new JsonObject();
		long offset = 0;
		for (Map.Entry<String, float[]> entry : tensors.entrySet()) {
			JsonObject object = new JsonObject();
			object.addProperty("dtype", "BF16");
			JsonArray shape = new JsonArray();
			for (long dimension : shapes.get(entry.getKey())) {
				shape.add(dimension);
			}
			object.add("shape", shape);
			JsonArray offsets = new JsonArray();
			offsets.add(offset);
			offsets.add(offset + 2L * entry.getValue().length);
			object.add("data_offsets", offsets);
			header.add(entry.getKey(), object);
			offset += 2L * entry.getValue().length;
		}
		byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
		try (OutputStream out = Files.newOutputStream(file)) {
			out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
			out.write(json);
			for (float[] values : tensors.values()) {
				ByteBuffer data = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
				for (float value : values) {
					data.putShort((short) (Float.floatToRawIntBits(value) >>> 16));
				}
				out.write(data.array());
			}
		}
	}

}
