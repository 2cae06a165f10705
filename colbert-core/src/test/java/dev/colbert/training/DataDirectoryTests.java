package dev.colbert.training;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.colbert.training.data.BeirSource;
import dev.colbert.training.data.MiningContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Files opened through a folder of a confined directory are checked by their real path (issue 15, item 9), and
 * refusals never say where a link leads.
 */
class DataDirectoryTests {

	@TempDir
	Path directory;

	@Test
	void filesInsideAResolvedFolderAreCheckedByTheirRealPath() throws Exception {
		Path outside = Files.writeString(Files.createDirectories(this.directory.resolve("outside")).resolve("secret"),
				"secret");
		DataDirectory data = new DataDirectory(this.directory.resolve("data"), "data-dir");
		Path folder = Files.createDirectories(data.root().resolve("folder"));
		Path inside = Files.writeString(folder.resolve("inside.txt"), "inside");
		Files.createSymbolicLink(folder.resolve("to-inside.txt"), inside);
		Files.createSymbolicLink(folder.resolve("to-outside.txt"), outside);
		Files.createSymbolicLink(folder.resolve("nowhere.txt"), this.directory.resolve("outside/missing"));

		assertThat(data.requireInside(folder.resolve("inside.txt"), "file")).isEqualTo(inside.toRealPath());
		assertThat(data.requireInside(folder.resolve("to-inside.txt"), "file")).isEqualTo(inside.toRealPath());
		assertThatIllegalArgumentException().isThrownBy(() -> data.requireInside(folder.resolve("to-outside.txt"), "file"))
			.withMessageContaining("file 'folder/to-outside.txt' is outside data-dir")
			.withMessageNotContaining(outside.getParent().toString());
		assertThatIllegalArgumentException().isThrownBy(() -> data.requireInside(folder.resolve("nowhere.txt"), "file"))
			.withMessageContaining("'folder/nowhere.txt' is outside data-dir")
			.withMessageNotContaining(outside.getParent().toString());
		assertThatIllegalArgumentException().isThrownBy(() -> data.requireInside(folder.resolve("absent.txt"), "file"))
			.withMessageContaining("'folder/absent.txt' does not exist");
		assertThatIllegalArgumentException().isThrownBy(() -> data.resolveExisting("folder/to-outside.txt", "triples"))
			.withMessageContaining("is outside data-dir")
			.withMessageNotContaining(outside.getParent().toString());
	}

	@Test
	void aConfinedBeirSourceRefusesAFileThatLinksOutRightBeforeReadingIt() throws Exception {
		Path outside = Files.createDirectories(this.directory.resolve("outside"));
		Files.writeString(outside.resolve("corpus.jsonl"), "{\"_id\": \"d1\", \"text\": \"secret\"}\n");
		DataDirectory data = new DataDirectory(this.directory.resolve("data"), "data-dir");
		Path beir = Files.createDirectories(data.root().resolve("beir/qrels"));
		Files.writeString(beir.resolveSibling("queries.jsonl"), "{\"_id\": \"q1\", \"text\": \"query\"}\n");
		Files.writeString(beir.resolve("train.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\n");
		Files.createSymbolicLink(beir.resolveSibling("corpus.jsonl"), outside.resolve("corpus.jsonl"));

		BeirSource source = new BeirSource(beir.getParent(), "train", data);
		assertThatIllegalArgumentException().isThrownBy(() -> source.load(MiningContext.none()))
			.withMessageContaining("BEIR file 'beir/corpus.jsonl' is outside data-dir")
			.withMessageNotContaining(outside.toString());
		// unconfined (the command line's local folders): the link is followed
		assertThat(new BeirSource(beir.getParent(), "train").checkFiles()).hasSize(3);
	}

}
