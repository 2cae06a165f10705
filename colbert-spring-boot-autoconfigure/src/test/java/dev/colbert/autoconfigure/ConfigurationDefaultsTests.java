package dev.colbert.autoconfigure;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;

import dev.colbert.autoconfigure.store.OpenSearchStoreProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The defaults of the generated configuration metadata are the values the properties classes start with. Most of
 * those come from the library's constants ({@code IndexSettings.DEFAULT_NBITS}, {@code OpenSearchStoreSettings}
 * defaults...), which the configuration processor cannot read (it only evaluates literals of the class it processes),
 * so their defaults are written in {@code additional-spring-configuration-metadata.json}; this test keeps the two
 * from drifting apart.
 */
class ConfigurationDefaultsTests {

	private static final String OPENSEARCH = OpenSearchStoreProperties.PREFIX + ".";

	private final ConversionService conversion = ApplicationConversionService.getSharedInstance();

	@Test
	@SuppressWarnings("unchecked")
	void everyDefaultOfTheMetadataIsTheBoundDefault() throws Exception {
		Map<String, Object> metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("generated META-INF/spring-configuration-metadata.json").isNotNull();
			metadata = JsonMapper.builder().build().readValue(in, Map.class);
		}
		BeanWrapper colbert = new BeanWrapperImpl(new ColbertProperties());
		BeanWrapper opensearch = new BeanWrapperImpl(new OpenSearchStoreProperties());
		List<String> compared = new ArrayList<>();
		List<String> wrong = new ArrayList<>();
		for (Map<String, Object> property : (List<Map<String, Object>>) metadata.get("properties")) {
			String name = (String) property.get("name");
			if (!name.startsWith(ColbertProperties.PREFIX + ".")
					|| name.startsWith(ColbertProperties.PREFIX + ".training.")) {
				continue;
			}
			boolean inOpenSearch = name.startsWith(OPENSEARCH);
			BeanWrapper bean = inOpenSearch ? opensearch : colbert;
			String path = camel(name.substring(inOpenSearch ? OPENSEARCH.length() : ColbertProperties.PREFIX.length() + 1));
			Object bound = bean.getPropertyValue(path);
			Object documented = property.get("defaultValue");
			Object expected = (documented != null) ? convert(documented, bean.getPropertyTypeDescriptor(path)) : null;
			if (!Objects.equals(expected, bound) && !(expected != null && bound != null
					&& String.valueOf(expected).equals(String.valueOf(bound)))) {
				wrong.add(name + ": metadata default " + documented + ", bound default " + bound);
			}
			compared.add(name);
		}
		assertThat(compared).as("properties compared").hasSizeGreaterThan(60);
		assertThat(wrong).as("metadata defaults that differ from the properties classes' defaults").isEmpty();
	}

	/** The metadata's value as the property's type, or as it is when no converter applies (a Path is compared as text). */
	private Object convert(Object value, TypeDescriptor type) {
		try {
			return this.conversion.convert(value, TypeDescriptor.forObject(value), type);
		}
		catch (ConversionException ex) {
			return value;
		}
	}

	private static String camel(String kebab) {
		StringBuilder result = new StringBuilder();
		boolean upper = false;
		for (char c : kebab.toCharArray()) {
			if (c == '-') {
				upper = true;
			}
			else {
				result.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return result.toString();
	}

}
