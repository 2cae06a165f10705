/**
 * On-disk formats of the index, one class per file kind, each documenting its byte layout: commit points
 * ({@link dev.colbert.index.format.ManifestFormat}), the codec ({@link dev.colbert.index.format.CodecFormat}), segment
 * vectors ({@link dev.colbert.index.format.VectorsFormat}), stored documents
 * ({@link dev.colbert.index.format.DocumentsFormat}), tombstones ({@link dev.colbert.index.format.DeletesFormat}) and,
 * while a small index trains its codec adaptively, the segments' original vectors
 * ({@link dev.colbert.index.format.SourceVectorsFormat}).
 * Every file shares the framing of {@link dev.colbert.index.format.FileFormat}: a header with kind and version and a
 * CRC32C footer, written around each format's body by {@code FileFormat.write}. Files are written once
 * ({@link dev.colbert.index.format.IndexOutput}), forced to disk, and read memory-mapped
 * ({@link dev.colbert.index.format.MappedFile}, no 2 GB limit).
 */
package dev.colbert.index.format;
