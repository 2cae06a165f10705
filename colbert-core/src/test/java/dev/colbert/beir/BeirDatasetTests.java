package dev.colbert.beir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BeirDatasetTests {

	@TempDir
	Path dir;

	@Test
	void readsCorpusQueriesAndJudgedQueriesOnly() throws IOException {
		write("{\"_id\": \"d1\", \"title\": \"Title\", \"text\": \"Body one.\"}\n{\"_id\": \"d2\", \"title\": \"\", \"text\": \"Body two.\"}\n",
				"{\"_id\": \"q1\", \"text\": \"first?\"}\n{\"_id\": \"q2\", \"text\": \"unjudged\"}\n",
				"query-id\tcorpus-id\tscore\nq1\td2\t1\n");
		BeirDataset dataset = BeirDataset.load(this.dir, "test");
		assertThat(dataset.corpus()).containsOnlyKeys("d1", "d2");
		assertThat(dataset.corpus().get("d1").passage()).isEqualTo("Title Body one.");
		assertThat(dataset.corpus().get("d2").passage()).isEqualTo("Body two.");
		assertThat(dataset.queries()).containsExactly(Map.entry("q1", "first?"));
		assertThat(dataset.qrels().get("q1")).containsEntry("d2", 1);
	}

	@Test
	void readsOnlyTheFirstDocumentsWhenLimitedAndTheJudgedQueriesAlone() throws IOException {
		write("{\"_id\": \"d1\", \"title\": \"T\", \"text\": \"one\"}\n{\"_id\": \"d2\", \"text\": \"two\"}\n{not json\n",
				"{\"_id\": \"q2\", \"text\": \"second?\"}\n{\"_id\": \"q1\", \"text\": \"first?\"}\n",
				"query-id\tcorpus-id\tscore\nq1\td2\t1\nq2\td1\t2\n");
		BeirDataset dataset = BeirDataset.load(this.dir, "test", 2);
		assertThat(dataset.passages()).isEqualTo(List.of("T one", "two"));
		assertThat(dataset.qrels()).containsOnlyKeys("q1", "q2");
		assertThat(BeirDataset.loadJudgedQueries(this.dir, "test")).containsExactly(Map.entry("q1", "first?"),
				Map.entry("q2", "second?"));
	}

	@Test
	void missingFileIsNamed() {
		assertThatIllegalArgumentException().isThrownBy(() -> BeirDataset.load(this.dir, "test"))
			.withMessageContaining("corpus.jsonl");
	}

	@Test
	void malformedLinesAreReportedWithFileAndLine() throws IOException {
		write("{\"_id\": \"d1\", \"text\": \"ok\"}\n{not json\n", "{\"_id\": \"q1\", \"text\": \"x\"}\n",
				"query-id\tcorpus-id\tscore\nq1\td1\t1\n");
		assertThatIllegalArgumentException().isThrownBy(() -> BeirDataset.load(this.dir, "test"))
			.withMessageContaining("corpus.jsonl:2");
	}

	@Test
	void judgedQueryMissingFromQueriesIsAnError() throws IOException {
		write("{\"_id\": \"d1\", \"text\": \"ok\"}\n", "{\"_id\": \"q1\", \"text\": \"x\"}\n",
				"query-id\tcorpus-id\tscore\nq9\td1\t1\n");
		assertThatIllegalArgumentException().isThrownBy(() -> BeirDataset.load(this.dir, "test"))
			.withMessageContaining("q9");
	}

	private void write(String corpus, String queries, String qrels) throws IOException {
		Files.writeString(this.dir.resolve("corpus.jsonl"), corpus);
		Files.writeString(this.dir.resolve("queries.jsonl"), queries);
		Files.createDirectories(this.dir.resolve("qrels"));
		Files.writeString(this.dir.resolve("qrels/test.tsv"), qrels);
	}

}
