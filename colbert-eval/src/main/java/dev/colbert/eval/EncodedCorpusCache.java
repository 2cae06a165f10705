package dev.colbert.eval;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import dev.colbert.encoder.TokenVectors;

/**
 * Caches the encoded corpus so that evaluating several store settings (nbits, PLAID vs exhaustive, embedded vs
 * OpenSearch) encodes the collection once. The cache key is the encoder fingerprint plus a digest of corpus.jsonl, so a
 * different model, setting or corpus never reuses stale vectors.
 *
 * <p>File layout (big-endian): magic {@code CBEVEC01}, UTF fingerprint, double encode seconds, int documents, int dim,
 * then per document: UTF id, int vector count, count x dim float32; the file is written to a temporary name and renamed
 * when complete.
 */
public final class EncodedCorpusCache {

	private static final long MAGIC = 0x4342455645433031L; // "CBEVEC01"

	private final Path file;

	private final String fingerprint;

	public EncodedCorpusCache(Path directory, String encoderFingerprint, Path corpusFile) {
		this.fingerprint = encoderFingerprint;
		this.file = directory.resolve(digest(encoderFingerprint, corpusFile) + ".vectors");
	}

	public Path file() {
		return this.file;
	}

	/** The cached corpus, if a complete cache file for this encoder and corpus exists. */
	public Optional<EncodedCorpus> read() {
		if (!Files.isRegularFile(this.file)) {
			return Optional.empty();
		}
		try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(this.file), 1 << 20))) {
			if (in.readLong() != MAGIC || !in.readUTF().equals(this.fingerprint)) {
				return Optional.empty();
			}
			double encodeSeconds = in.readDouble();
			int documents = in.readInt();
			int dim = in.readInt();
			List<String> ids = new ArrayList<>(documents);
			List<TokenVectors> vectors = new ArrayList<>(documents);
			byte[] buffer = new byte[0];
			for (int d = 0; d < documents; d++) {
				ids.add(in.readUTF());
				int count = in.readInt();
				int bytes = count * dim * Float.BYTES;
				if (buffer.length < bytes) {
					buffer = new byte[bytes];
				}
				in.readFully(buffer, 0, bytes);
				float[] data = new float[count * dim];
				ByteBuffer.wrap(buffer, 0, bytes).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(data);
				vectors.add(TokenVectors.of(data, count, dim));
			}
			return Optional.of(new EncodedCorpus(ids, vectors, encodeSeconds));
		}
		catch (EOFException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the vector cache " + this.file, ex);
		}
	}

	/** Writes the corpus atomically (temporary file, then rename). */
	public void write(EncodedCorpus corpus) {
		try {
			Files.createDirectories(this.file.getParent());
			Path temporary = this.file.resolveSibling(this.file.getFileName() + ".tmp");
			try (DataOutputStream out = new DataOutputStream(
					new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 20))) {
				int dim = corpus.vectors().isEmpty() ? 0 : corpus.vectors().get(0).dim();
				out.writeLong(MAGIC);
				out.writeUTF(this.fingerprint);
				out.writeDouble(corpus.encodeSeconds());
				out.writeInt(corpus.ids().size());
				out.writeInt(dim);
				for (int d = 0; d < corpus.ids().size(); d++) {
					TokenVectors vectors = corpus.vectors().get(d);
					out.writeUTF(corpus.ids().get(d));
					out.writeInt(vectors.count());
					ByteBuffer bytes = ByteBuffer.allocate(vectors.data().length * Float.BYTES).order(ByteOrder.BIG_ENDIAN);
					bytes.asFloatBuffer().put(vectors.data());
					out.write(bytes.array());
				}
			}
			Files.move(temporary, this.file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the vector cache " + this.file, ex);
		}
	}

	private static String digest(String fingerprint, Path corpusFile) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			sha.update(fingerprint.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			try (var in = Files.newInputStream(corpusFile)) {
				byte[] buffer = new byte[1 << 16];
				int n;
				while ((n = in.read(buffer)) > 0) {
					sha.update(buffer, 0, n);
				}
			}
			return HexFormat.of().formatHex(sha.digest()).substring(0, 24);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + corpusFile, ex);
		}
	}

	/**
	 * An encoded corpus.
	 *
	 * @param ids document ids in corpus order
	 * @param vectors the document token vectors, same order
	 * @param encodeSeconds wall-clock seconds the encoding took when it was done
	 */
	public record EncodedCorpus(List<String> ids, List<TokenVectors> vectors, double encodeSeconds) {

		public long tokenVectors() {
			return this.vectors.stream().mapToLong(TokenVectors::count).sum();
		}

	}

}
