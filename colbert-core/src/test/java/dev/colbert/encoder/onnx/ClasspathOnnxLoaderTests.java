package dev.colbert.encoder.onnx;

import org.junit.jupiter.api.Test;

import dev.colbert.encoder.ColbertEncoders;
import dev.colbert.encoder.EncoderOptions;
import dev.colbert.encoder.ModelLoadException;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Classpath ONNX models that cannot be loaded fail naming the resource and the problem.
 */
class ClasspathOnnxLoaderTests {

	@Test
	void missingModelResourceIsNamed() {
		assertThatThrownBy(() -> ColbertEncoders.load("classpath:models/absent.onnx", EncoderOptions.defaults()))
			.isInstanceOf(ModelLoadException.class)
			.hasMessage("classpath resource models/absent.onnx not found");
	}

	@Test
	void missingTokenizerNamesBothPlacesLookedAt() {
		assertThatThrownBy(() -> ColbertEncoders.load("classpath:onnx/lonely.onnx", EncoderOptions.defaults()))
			.isInstanceOf(ModelLoadException.class)
			.hasMessageContaining("onnx/lonely.onnx has no tokenizer next to it")
			.hasMessageContaining("onnx/lonely-tokenizer.json")
			.hasMessageContaining("onnx/tokenizer.json");
	}

	@Test
	void fileThatIsNoOnnxModelIsRefused() {
		assertThatThrownBy(() -> ColbertEncoders.load("classpath:onnx/garbage.onnx", EncoderOptions.defaults()))
			.isInstanceOf(ModelLoadException.class)
			.hasMessageContaining("onnx/garbage.onnx");
	}

}
