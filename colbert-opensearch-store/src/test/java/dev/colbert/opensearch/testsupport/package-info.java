/**
 * Starts and stops real OpenSearch nodes on 127.0.0.1 for integration tests, through
 * {@code scripts/opensearch/opensearch-node.sh} (Maven Central zips, k-NN plugin, a non-root system user when the
 * tests run as root). {@link dev.colbert.opensearch.testsupport.LocalOpenSearchCluster} is the entry point;
 * {@link dev.colbert.opensearch.testsupport.SharedOpenSearchCluster} shares one two-node cluster among the test classes of a run.
 */
package dev.colbert.opensearch.testsupport;
