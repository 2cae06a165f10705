package dev.colbert.encoder;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ModelSourceTests {

	@TempDir
	Path temporary;

	@Test
	void embeddedDefault() {
		ModelSource source = ModelSource.parse(ModelSource.DEFAULT);
		assertThat(source).isInstanceOf(ModelSource.ClasspathOnnx.class);
		ModelSource.ClasspathOnnx onnx = (ModelSource.ClasspathOnnx) source;
		assertThat(onnx.modelResource()).isEqualTo("bge-small-en-v1.5.onnx");
		assertThat(onnx.tokenizerResource()).isEqualTo("bge-small-en-v1.5-tokenizer.json");
		assertThat(onnx.describe()).isEqualTo("embedded:bge-small-en-v1.5");
	}

	@Test
	void unknownEmbeddedModelListsTheKnownOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> ModelSource.parse("embedded:bge-large"))
			.withMessageContaining("unknown embedded model 'bge-large'")
			.withMessageContaining("[embedded:bge-small-en-v1.5, embedded:colbert-bge-small]");
	}

	@Test
	void embeddedTrainedModelIsAHeadOnTheBgeSmallBackbone() {
		ModelSource source = ModelSource.parse("embedded:colbert-bge-small");
		assertThat(source).isSameAs(ModelSource.COLBERT_BGE_SMALL);
		ModelSource.EmbeddedColbert head = (ModelSource.EmbeddedColbert) source;
		assertThat(head.backbone()).isSameAs(ModelSource.BGE_SMALL);
		assertThat(head.headSha256()).matches("[0-9a-f]{64}");
		assertThat(head.describe()).isEqualTo("embedded:colbert-bge-small");
		assertThat(ModelSource.parse(head.describe())).isSameAs(head);
	}

	@Test
	void classpathOnnx() {
		ModelSource source = ModelSource.parse("classpath:/models/mini.onnx");
		assertThat(source).isEqualTo(new ModelSource.ClasspathOnnx("models/mini.onnx", null, "mini", null));
		assertThat(source.describe()).isEqualTo("classpath:models/mini.onnx");
		assertThatIllegalArgumentException().isThrownBy(() -> ModelSource.parse("classpath:models/mini.bin"))
			.withMessageContaining("must name an ONNX file");
	}

	@Test
	void existingFolder() throws Exception {
		Path folder = Files.createDirectory(this.temporary.resolve("colbertv2.0"));
		assertThat(ModelSource.parse(folder.toString())).isEqualTo(new ModelSource.Folder(folder.toAbsolutePath()));
		assertThat(ModelSource.parse("file:" + folder)).isEqualTo(new ModelSource.Folder(folder.toAbsolutePath()));
	}

	@Test
	void existingFileIsRefused() throws Exception {
		Path file = Files.writeString(this.temporary.resolve("model.safetensors"), "x");
		assertThatIllegalArgumentException().isThrownBy(() -> ModelSource.parse(file.toString()))
			.withMessageContaining("is a file");
	}

	@Test
	void hubIds() {
		assertThat(ModelSource.parse("hf:colbert-ir/colbertv2.0"))
			.isEqualTo(new ModelSource.Hub("colbert-ir/colbertv2.0", "main"));
		assertThat(ModelSource.parse("answerdotai/answerai-colbert-small-v1@v1.0"))
			.isEqualTo(new ModelSource.Hub("answerdotai/answerai-colbert-small-v1", "v1.0"));
		assertThat(ModelSource.parse("hf:colbert-ir/colbertv2.0@c1e84128e85ef755c096a95bdb06b47793b13acf").describe())
			.isEqualTo("hf:colbert-ir/colbertv2.0@c1e84128e85ef755c096a95bdb06b47793b13acf");
		assertThat(ModelSource.parse("hf:colbert-ir/colbertv2.0").describe()).isEqualTo("hf:colbert-ir/colbertv2.0");
	}

	@Test
	void missingPathThatIsNoHubIdIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> ModelSource.parse("/no/such/checkpoint"))
			.withMessageContaining("neither an existing folder nor a HuggingFace hub id");
		assertThatIllegalArgumentException().isThrownBy(() -> ModelSource.parse("hf:../etc"))
			.withMessageContaining("org/name");
		assertThatIllegalArgumentException().isThrownBy(() -> ModelSource.parse("hf:org/name@../x"));
	}

	@Test
	void blankIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> ModelSource.parse(" "))
			.withMessageContaining("must not be blank");
	}

}
