package dev.colbert.index.format;

/**
 * A file referenced by a commit: its name in the index directory, length and CRC32C checksum (as in its footer).
 */
public record FileRef(String name, long length, int checksum) {

}
