/**
 * The compressed token-vector index: {@link dev.colbert.index.ColbertIndex} stores every document's ColBERT token
 * vectors compressed the ColBERTv2 way (centroid id plus a 1-, 2- or 4-bit residual per dimension) in immutable,
 * checksummed segments under atomic commit points, and searches them with PLAID.
 *
 * <p>Typical use:
 * <pre>
 * try (ColbertIndex index = ColbertIndex.open(dir, IndexSettings.defaults(), encoder.info().fingerprint(), encoder.info().dim())) {
 *     index.add(List.of(new IndexDocument("id-1", text, Map.of("source", "a.pdf"), encoder.encodeDocuments(List.of(text)).get(0))));
 *     index.commit();
 *     List&lt;SearchHit&gt; hits = index.search(encoder.encodeQuery(question), SearchParams.forK(10));
 * }
 * </pre>
 *
 * <p>Bytes per token vector at dim 128 and 2 bits (index files: codec, vectors, tombstones and commit point; stored
 * texts and metadata are counted separately): 32 bytes of residual, about 1.0 (1M vectors, 8,192 centroids) to 1.3
 * (10M vectors, 32,768 centroids) bytes of Elias-Fano-coded centroid ids, 0.8 to 0.3 bytes of 6-bit centroids, and a
 * few hundredths for document lengths and headers; there is no inverted file on disk (it is derived from the codes at
 * open). See {@code docs/BENCHMARKS.md} for measured figures.
 */
package dev.colbert.index;
