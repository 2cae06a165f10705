package dev.colbert.index.format;

/** The stored part of documents to write into a segment: id, text and metadata. */
public interface StoredFields {

	int size();

	String id(int doc);

	String text(int doc);

	/** Encoded metadata (see {@link MetadataCodec}). */
	byte[] metadata(int doc);

}
