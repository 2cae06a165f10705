package dev.colbert.encoder;

/**
 * Thrown at start-up when a model cannot be loaded: a missing, unreadable, corrupt or inconsistent file, or a setting
 * that does not fit the model. The message names the file (or setting) and the problem, and where possible the fix.
 */
public class ModelLoadException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public ModelLoadException(String message) {
		super(message);
	}

	public ModelLoadException(String message, Throwable cause) {
		super(message, cause);
	}

}
