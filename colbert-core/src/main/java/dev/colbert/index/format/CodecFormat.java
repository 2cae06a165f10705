package dev.colbert.index.format;

import java.nio.file.Path;

import dev.colbert.index.CorruptIndexException;
import dev.colbert.index.codec.BitReader;
import dev.colbert.index.codec.BitWriter;
import dev.colbert.index.codec.ResidualCodec;

/**
 * The codec file ({@code codec_<n>.cdc}): centroids and residual buckets, shared by every segment of a commit.
 *
 * <pre>
 * Header            "CBIX" "CDEC" version=1
 * dim               int32
 * nbits             int32    1, 2 or 4
 * numCentroids      int32    C
 * centroidBits      int32    b, 4..16
 * plannedVectors    int64    collection size the centroid count was chosen for
 * trainingVectors   int64    vectors k-means saw
 * bucketCutoffs     float32 x (2^nbits - 1)
 * bucketWeights     float32 x 2^nbits
 * centroidScales    float32 x C
 * centroids         ceil(C * dim * b / 8) bytes: for centroid c, dimension d (row-major), the b-bit unsigned value
 *                   q + 2^(b-1) - 1, bits packed least significant first; the coordinate is q * centroidScales[c]
 * Footer
 * </pre>
 *
 * At dim 128, 32,768 centroids and b = 8 the centroids take 4 MiB (0.42 bytes per vector at 10M vectors).
 */
public final class CodecFormat {

	public static final String KIND = "CDEC";

	public static final int VERSION = 1;

	private CodecFormat() {
	}

	/** Writes the codec and returns the file's checksum. */
	public static int write(Path path, ResidualCodec codec) {
		return FileFormat.write(path, KIND, VERSION, (out) -> {
			out.writeInt(codec.dim());
			out.writeInt(codec.nbits());
			out.writeInt(codec.numCentroids());
			out.writeInt(codec.centroidBits());
			out.writeLong(codec.plannedVectors());
			out.writeLong(codec.trainingVectors());
			for (float f : codec.bucketCutoffs()) {
				out.writeFloat(f);
			}
			for (float f : codec.bucketWeights()) {
				out.writeFloat(f);
			}
			for (float f : codec.centroidScales()) {
				out.writeFloat(f);
			}
			int bits = codec.centroidBits();
			int offset = (1 << (bits - 1)) - 1;
			int[] quantized = codec.quantizedCentroids();
			BitWriter writer = new BitWriter((int) (((long) quantized.length * bits + 7) / 8));
			for (int q : quantized) {
				writer.write(q + offset, bits);
			}
			out.writeBytes(writer.toByteArray());
		});
	}

	/** Reads and validates a codec file (its checksum must have been verified by the caller or is verified here). */
	public static ResidualCodec read(MappedFile in, boolean verifyChecksum) {
		Path path = in.path();
		if (verifyChecksum) {
			FileFormat.verifyChecksum(in);
		}
		FileFormat.checkHeader(in, KIND, VERSION, VERSION);
		MappedFile.Cursor cursor = in.cursor(FileFormat.HEADER_LENGTH);
		int dim = cursor.readInt();
		int nbits = cursor.readInt();
		int numCentroids = cursor.readInt();
		int centroidBits = cursor.readInt();
		long plannedVectors = cursor.readLong();
		long trainingVectors = cursor.readLong();
		if (dim <= 0 || (nbits != 1 && nbits != 2 && nbits != 4) || numCentroids <= 0 || centroidBits < 4
				|| centroidBits > 16) {
			throw new CorruptIndexException(path, "invalid codec parameters dim=" + dim + ", nbits=" + nbits
					+ ", centroids=" + numCentroids + ", centroidBits=" + centroidBits);
		}
		int buckets = 1 << nbits;
		long packedBytes = ((long) numCentroids * dim * centroidBits + 7) / 8;
		long expected = FileFormat.HEADER_LENGTH + 16 + 16 + 4L * (2 * buckets - 1) + 4L * numCentroids + packedBytes
				+ FileFormat.FOOTER_LENGTH;
		if (in.length() != expected) {
			throw new CorruptIndexException(path,
					"file is " + in.length() + " bytes, expected " + expected + " for " + numCentroids + " centroids");
		}
		float[] cutoffs = new float[buckets - 1];
		for (int i = 0; i < cutoffs.length; i++) {
			cutoffs[i] = cursor.readFloat();
		}
		float[] weights = new float[buckets];
		for (int i = 0; i < weights.length; i++) {
			weights[i] = cursor.readFloat();
		}
		float[] scales = new float[numCentroids];
		for (int i = 0; i < numCentroids; i++) {
			scales[i] = cursor.readFloat();
		}
		byte[] packed = new byte[(int) packedBytes];
		cursor.readBytes(packed, 0, packed.length);
		BitReader reader = new BitReader(packed, 0);
		int offset = (1 << (centroidBits - 1)) - 1;
		int[] quantized = new int[numCentroids * dim];
		for (int i = 0; i < quantized.length; i++) {
			quantized[i] = reader.read(centroidBits) - offset;
		}
		try {
			return new ResidualCodec(dim, nbits, numCentroids, centroidBits, quantized, scales, cutoffs, weights,
					plannedVectors, trainingVectors);
		}
		catch (IllegalArgumentException ex) {
			throw new CorruptIndexException(path, ex.getMessage(), ex);
		}
	}

}
