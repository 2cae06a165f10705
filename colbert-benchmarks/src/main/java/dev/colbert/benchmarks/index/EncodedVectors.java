package dev.colbert.benchmarks.index;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import dev.colbert.encoder.TokenVectors;

/**
 * Encoded token vectors read from the evaluation command's corpus cache ({@code colbert-eval}'s
 * {@code EncodedCorpusCache} layout, big-endian: magic {@code CBEVEC01}, UTF fingerprint, double encode seconds, int
 * documents, int dim, then per document UTF id, int count, count x dim float32), and written in the same layout for
 * query caches.
 *
 * @param fingerprint the encoder fingerprint recorded in the file
 * @param ids document (or query) ids
 * @param vectors their token vectors, same order
 */
record EncodedVectors(String fingerprint, List<String> ids, List<TokenVectors> vectors) {

	private static final long MAGIC = 0x4342455645433031L;

	static EncodedVectors read(Path file) throws IOException {
		try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
			if (in.readLong() != MAGIC) {
				throw new IOException(file + " is not a colbert-eval vector cache (magic CBEVEC01 missing)");
			}
			String fingerprint = in.readUTF();
			in.readDouble();
			int count = in.readInt();
			int dim = in.readInt();
			List<String> ids = new ArrayList<>(count);
			List<TokenVectors> vectors = new ArrayList<>(count);
			byte[] buffer = new byte[0];
			for (int d = 0; d < count; d++) {
				ids.add(in.readUTF());
				int n = in.readInt();
				int bytes = n * dim * Float.BYTES;
				if (buffer.length < bytes) {
					buffer = new byte[bytes];
				}
				in.readFully(buffer, 0, bytes);
				float[] data = new float[n * dim];
				ByteBuffer.wrap(buffer, 0, bytes).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(data);
				vectors.add(TokenVectors.of(data, n, dim));
			}
			return new EncodedVectors(fingerprint, ids, vectors);
		}
	}

	void write(Path file) throws IOException {
		Files.createDirectories(file.toAbsolutePath().getParent());
		Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
		try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 20))) {
			out.writeLong(MAGIC);
			out.writeUTF(this.fingerprint);
			out.writeDouble(0);
			out.writeInt(this.ids.size());
			out.writeInt(this.vectors.isEmpty() ? 0 : this.vectors.get(0).dim());
			for (int d = 0; d < this.ids.size(); d++) {
				TokenVectors v = this.vectors.get(d);
				out.writeUTF(this.ids.get(d));
				out.writeInt(v.count());
				ByteBuffer bytes = ByteBuffer.allocate(v.data().length * Float.BYTES).order(ByteOrder.BIG_ENDIAN);
				bytes.asFloatBuffer().put(v.data());
				out.write(bytes.array());
			}
		}
		Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	int dim() {
		return this.vectors.get(0).dim();
	}

	long tokenVectors() {
		return this.vectors.stream().mapToLong(TokenVectors::count).sum();
	}

}
