package dev.colbert.index;

import java.util.List;

import org.slf4j.Logger;

/**
 * What writing one commit's files needs, after Lucene's {@code SegmentWriteState}: the directory, the settings, the
 * vector dimension, the logger progress and outcomes are reported to (the index's, so log categories stay those of
 * {@link ColbertIndex}), the commit's file numbers and the names of the files it created (deleted again if the commit
 * fails).
 */
record SegmentWriteState(IndexDirectory directory, IndexSettings settings, int dim, Logger logger,
		FileNumbers numbers, List<String> created) {

}
