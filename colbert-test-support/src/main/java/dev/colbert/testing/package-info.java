/**
 * Fixtures the test suites of every module share, so that each exists once: tiny random checkpoints
 * ({@link dev.colbert.testing.TinyCheckpoints}), synthetic token vectors with the cluster structure of real ones
 * ({@link dev.colbert.testing.ClusteredVocabulary}, drawn as a small corpus by
 * {@link dev.colbert.testing.SyntheticCorpus} or regenerated per document by
 * {@link dev.colbert.testing.ClusteredTokenGenerator}), the exact MaxSim they are checked against
 * ({@link dev.colbert.testing.ReferenceMaxSim}) and the child JVM the crash tests kill
 * ({@link dev.colbert.testing.ChildJvm}).
 */
package dev.colbert.testing;
