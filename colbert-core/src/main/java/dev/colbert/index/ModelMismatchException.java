package dev.colbert.index;

import java.nio.file.Path;

/** The index was built with another encoder (fingerprint or vector dimension) than the one it is opened with. */
public class ModelMismatchException extends IndexException {

	public ModelMismatchException(Path directory, String indexFingerprint, int indexDim, String givenFingerprint,
			int givenDim) {
		super("Index at " + directory + " was built by the encoder with fingerprint " + indexFingerprint + " (dim "
				+ indexDim + "), but it is being opened for the encoder with fingerprint " + givenFingerprint + " (dim "
				+ givenDim + "). Vectors of different models cannot be compared: use the encoder that built the index, or build a new index in another directory.");
	}

}
