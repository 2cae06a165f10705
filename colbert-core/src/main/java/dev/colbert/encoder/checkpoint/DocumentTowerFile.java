package dev.colbert.encoder.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import dev.colbert.encoder.ModelLoadException;
import dev.colbert.encoder.model.ColbertModel;

/**
 * The document tower of an asymmetric (query-tower) checkpoint: a safetensors file beside the checkpoint's own
 * {@code model.safetensors}, which holds the query tower. It has the documents' projection ({@code linear.weight}) and
 * the {@code bert.*} tensors in which the document tower differs from the query tower (the base model's layers that
 * only the queries trained); every other tensor is shared. A checkpoint without this file is symmetric.
 */
public final class DocumentTowerFile {

	/** The file's name in a checkpoint folder. */
	public static final String FILE_NAME = "document_tower.safetensors";

	private DocumentTowerFile() {
	}

	/** Whether {@code folder} holds a document tower. */
	public static boolean exists(Path folder) {
		return Files.isRegularFile(folder.resolve(FILE_NAME));
	}

	/**
	 * Writes the tower: the projection and the tensors that differ from the query tower.
	 * @param projection the documents' projection {@code [dim, hidden]}
	 * @param differing {@code bert.*} tensors by checkpoint name
	 */
	public static void write(Path folder, NDArray projection, Map<String, NDArray> differing) throws IOException {
		Map<String, NDArray> tensors = new LinkedHashMap<>();
		tensors.put(ColbertModel.PROJECTION_NAME, projection);
		differing.forEach((name, tensor) -> {
			if (!name.startsWith(ColbertModel.BERT_PREFIX)) {
				throw new IllegalArgumentException("a document tower holds bert.* tensors and the projection, not "
						+ name);
			}
			tensors.put(name, tensor);
		});
		Safetensors.write(tensors, Map.of("format", "pt", "colbert", "document-tower"), folder.resolve(FILE_NAME));
	}

	/**
	 * Reads the tower's tensors (float32) from {@code folder}.
	 * @throws ModelLoadException naming the file when it is unreadable or has no projection of shape [dim, hidden]
	 */
	public static Map<String, NDArray> read(Path folder, NDManager manager) {
		return readFile(folder.resolve(FILE_NAME), manager, null);
	}

	/**
	 * Reads a tower file (float32).
	 * @param digest receives every byte of the file, or {@code null}
	 * @throws ModelLoadException naming the file when it is unreadable, has no projection of shape [dim, hidden], or
	 * holds other tensors than {@code bert.*} and the projection
	 */
	public static Map<String, NDArray> readFile(Path file, NDManager manager, MessageDigest digest) {
		Map<String, NDArray> tensors = Safetensors.read(file, manager, (name) -> true, digest);
		NDArray projection = tensors.get(ColbertModel.PROJECTION_NAME);
		if (projection == null || projection.getShape().dimension() != 2) {
			throw new ModelLoadException(file + ": a document tower needs " + ColbertModel.PROJECTION_NAME
					+ " of shape [dim, hidden], has " + ((projection == null) ? "none" : projection.getShape()));
		}
		for (String name : tensors.keySet()) {
			if (!name.equals(ColbertModel.PROJECTION_NAME) && !name.startsWith(ColbertModel.BERT_PREFIX)) {
				throw new ModelLoadException(file + ": tensor " + name + " is not part of a document tower (bert.* "
						+ "and " + ColbertModel.PROJECTION_NAME + " only)");
			}
		}
		return tensors;
	}

	/** Only the projection of the tower in {@code folder}. */
	public static NDArray readProjection(Path folder, NDManager manager) {
		Map<String, NDArray> tensors = read(folder, manager);
		NDArray projection = tensors.remove(ColbertModel.PROJECTION_NAME);
		tensors.values().forEach(NDArray::close);
		return projection;
	}

}
