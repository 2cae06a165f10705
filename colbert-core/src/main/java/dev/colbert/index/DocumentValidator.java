package dev.colbert.index;

import java.util.Set;

import dev.colbert.encoder.TokenVectors;
import dev.colbert.index.format.MetadataCodec;

/** Checks a document before the index stages it, naming the document and the problem. */
final class DocumentValidator {

	private DocumentValidator() {
	}

	static void validate(IndexDocument document, int index, Set<String> seen, int dim, String modelFingerprint) {
		String owner = "documents[" + index + "]";
		if (document == null) {
			throw new IllegalArgumentException(owner + " is null");
		}
		if (document.id() == null || document.id().isBlank()) {
			throw new IllegalArgumentException(owner + " has a " + ((document.id() == null) ? "null" : "blank")
					+ " id; every document needs a unique, non-blank id");
		}
		owner = owner + " (id '" + document.id() + "')";
		if (!seen.add(document.id())) {
			throw new IllegalArgumentException(owner + " repeats an id already used in this batch");
		}
		if (document.text() == null) {
			throw new IllegalArgumentException(owner + " has null text; use \"\" if the text is not to be kept");
		}
		MetadataCodec.requireStorableText(document.id(), owner + ": id");
		MetadataCodec.requireStorableText(document.text(), owner + ": text");
		TokenVectors vectors = document.vectors();
		if (vectors == null) {
			throw new IllegalArgumentException(owner + " has no token vectors (null)");
		}
		if (vectors.dim() != dim) {
			throw new IllegalArgumentException(owner + ": token vectors have dim " + vectors.dim()
					+ " but this index holds dim " + dim + " vectors of model " + modelFingerprint);
		}
		if (vectors.count() == 0) {
			throw new IllegalArgumentException(owner + " has zero token vectors; a document needs at least one");
		}
		float[] data = vectors.data();
		for (int i = 0; i < vectors.count() * dim; i++) {
			if (!Float.isFinite(data[i])) {
				throw new IllegalArgumentException(owner + ": token vector " + (i / dim) + " has a non-finite value ("
						+ data[i] + ") at dimension " + (i % dim));
			}
		}
		MetadataCodec.validate(document.metadata(), owner);
	}

}
