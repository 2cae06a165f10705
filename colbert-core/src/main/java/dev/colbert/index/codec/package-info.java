/**
 * The ColBERTv2 residual codec: k-means centroids ({@link dev.colbert.index.codec.KMeans}, assignments on libtorch via
 * {@link dev.colbert.index.codec.CentroidMatrix}), quantile buckets fitted on held-out residuals
 * ({@link dev.colbert.index.codec.CodecTrainer}), bit-packed residuals and decompression
 * ({@link dev.colbert.index.codec.ResidualCodec}), and Elias-Fano coding of per-document centroid ids
 * ({@link dev.colbert.index.codec.EliasFano}).
 */
package dev.colbert.index.codec;
