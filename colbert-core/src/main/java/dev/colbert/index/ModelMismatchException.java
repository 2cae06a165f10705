package dev.colbert.index;

import java.nio.file.Path;

/** The index was built with another encoder (fingerprint or vector dimension) than the one it is opened with. */
public class ModelMismatchException extends IndexException {

	private final Path directory;

	private final String indexFingerprint;

	private final int indexDim;

	private final String givenFingerprint;

	private final int givenDim;

	public ModelMismatchException(Path directory, String indexFingerprint, int indexDim, String givenFingerprint,
			int givenDim) {
		super("Index at " + directory + " was built by the encoder with fingerprint " + indexFingerprint + " (dim "
				+ indexDim + "), but it is being opened for the encoder with fingerprint " + givenFingerprint + " (dim "
				+ givenDim + "). Vectors of different models cannot be compared: use the encoder that built the index, or build a new index in another directory.");
		this.directory = directory;
		this.indexFingerprint = indexFingerprint;
		this.indexDim = indexDim;
		this.givenFingerprint = givenFingerprint;
		this.givenDim = givenDim;
	}

	/** The index folder. */
	public Path directory() {
		return this.directory;
	}

	/** The fingerprint of the encoder that built the index. */
	public String indexFingerprint() {
		return this.indexFingerprint;
	}

	/** The vector dimension of the index. */
	public int indexDim() {
		return this.indexDim;
	}

	/** The fingerprint of the encoder the index was opened for. */
	public String givenFingerprint() {
		return this.givenFingerprint;
	}

	/** The vector dimension of the encoder the index was opened for. */
	public int givenDim() {
		return this.givenDim;
	}

}
