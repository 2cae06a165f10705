/**
 * BEIR test collections ({@code corpus.jsonl}, {@code queries.jsonl}, {@code qrels/<split>.tsv}), read by the
 * evaluation and mining commands and the benchmarks: {@link dev.colbert.beir.BeirDataset}.
 */
package dev.colbert.beir;
