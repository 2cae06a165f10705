package dev.colbert.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/CONFIGURATION.md, the configuration reference, lists exactly the properties of the generated
 * {@code META-INF/spring-configuration-metadata.json} (the configuration processor's output merged with
 * {@code additional-spring-configuration-metadata.json}), and the defaults it writes are the metadata's.
 * <p>
 * The reference is read from its tables whose header is {@code | Property | Default | Description |}; each row names
 * one property in backticks in its first cell.
 */
class ConfigurationReferenceTests {

	private static final Path REFERENCE = Path.of("..", "docs", "CONFIGURATION.md");

	private static final Pattern HEADER = Pattern
		.compile("^\\|\\s*Property\\s*\\|\\s*Default\\s*\\|\\s*Description\\s*\\|\\s*$", Pattern.CASE_INSENSITIVE);

	private static final Pattern SEPARATOR = Pattern.compile("^\\|(\\s*:?-+:?\\s*\\|)+\\s*$");

	private static final Pattern PROPERTY_CELL = Pattern.compile("^`([^`\\s]+)`$");

	private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

	private static Map<String, Map<String, Object>> metadata;

	private static Map<String, String> documentedDefaults;

	@BeforeAll
	static void read() throws IOException {
		metadata = readMetadata();
		documentedDefaults = readReference();
	}

	@Test
	void everyPropertyOfTheMetadataIsDocumented() {
		Set<String> missing = new TreeSet<>(metadata.keySet());
		missing.removeAll(documentedDefaults.keySet());
		assertThat(missing)
			.as("properties of spring-configuration-metadata.json missing from %s (add a row: property, default, "
					+ "description)", REFERENCE)
			.isEmpty();
	}

	@Test
	void everyDocumentedPropertyExists() {
		Set<String> unknown = new TreeSet<>(documentedDefaults.keySet());
		unknown.removeAll(metadata.keySet());
		assertThat(unknown)
			.as("properties listed in %s that spring-configuration-metadata.json does not have (renamed or removed?)",
					REFERENCE)
			.isEmpty();
	}

	@Test
	void documentedDefaultsAreTheDefaultsOfTheMetadata() {
		List<String> wrong = new ArrayList<>();
		metadata.forEach((name, property) -> {
			Object defaultValue = property.get("defaultValue");
			String documented = documentedDefaults.get(name);
			if (defaultValue != null && documented != null && !mentions(documented, defaultValue)) {
				wrong.add(name + ": metadata default " + defaultValue + ", documented " + documented);
			}
		});
		assertThat(wrong).as("defaults in %s that differ from spring-configuration-metadata.json", REFERENCE)
			.isEmpty();
	}

	@Test
	void theReferenceIsReadFromItsTables() {
		// Guards the parser: a reference it could not read would make the other tests pass on nothing.
		assertThat(documentedDefaults).containsKeys("colbert.model", "colbert.store.embedded.nbits",
				"colbert.retriever.top-k", "management.health.colbert.enabled");
		assertThat(metadata).containsKeys("colbert.model", "management.health.colbert.enabled");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Map<String, Object>> readMetadata() throws IOException {
		Map<String, Object> json;
		try (InputStream in = ConfigurationReferenceTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("generated META-INF/spring-configuration-metadata.json on the test class path").isNotNull();
			json = JsonMapper.builder().build().readValue(in, Map.class);
		}
		Map<String, Map<String, Object>> properties = new LinkedHashMap<>();
		for (Map<String, Object> property : (List<Map<String, Object>>) json.get("properties")) {
			properties.put((String) property.get("name"), property);
		}
		return properties;
	}

	/** The property of every reference row, with the text of its Default cell. */
	private static Map<String, String> readReference() throws IOException {
		assertThat(REFERENCE).as("the configuration reference, relative to the module directory").isRegularFile();
		List<String> lines = Files.readAllLines(REFERENCE, StandardCharsets.UTF_8);
		Map<String, String> rows = new LinkedHashMap<>();
		List<String> problems = new ArrayList<>();
		boolean inTable = false;
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i).strip();
			if (HEADER.matcher(line).matches()) {
				inTable = true;
				continue;
			}
			if (!line.startsWith("|")) {
				inTable = false;
				continue;
			}
			if (!inTable || SEPARATOR.matcher(line).matches()) {
				continue;
			}
			List<String> cells = cells(line);
			Matcher property = PROPERTY_CELL.matcher(cells.get(0));
			if (cells.size() != 3 || !property.matches()) {
				problems.add("line " + (i + 1) + ": expected | `property` | default | description |, got " + line);
				continue;
			}
			if (rows.put(property.group(1), cells.get(1)) != null) {
				problems.add("line " + (i + 1) + ": " + property.group(1) + " is listed twice");
			}
		}
		assertThat(problems).as("rows of %s that cannot be read", REFERENCE).isEmpty();
		return rows;
	}

	/** The cells of a table row; a pipe inside backticks or escaped with a backslash belongs to its cell. */
	private static List<String> cells(String row) {
		List<String> cells = new ArrayList<>();
		StringBuilder cell = new StringBuilder();
		boolean code = false;
		for (int i = 1; i < row.length(); i++) {
			char c = row.charAt(i);
			if (c == '\\' && i + 1 < row.length() && row.charAt(i + 1) == '|') {
				cell.append('|');
				i++;
			}
			else if (c == '`') {
				code = !code;
				cell.append(c);
			}
			else if (c == '|' && !code) {
				cells.add(cell.toString().strip());
				cell.setLength(0);
			}
			else {
				cell.append(c);
			}
		}
		return cells;
	}

	/** Whether a documented default states the metadata's default (numbers compared by value). */
	private static boolean mentions(String documented, Object defaultValue) {
		if (defaultValue instanceof List<?> values) {
			return values.stream().allMatch((value) -> mentions(documented, value));
		}
		if (defaultValue instanceof Number number) {
			BigDecimal expected = new BigDecimal(number.toString());
			Matcher numbers = NUMBER.matcher(documented);
			while (numbers.find()) {
				if (new BigDecimal(numbers.group()).compareTo(expected) == 0) {
					return true;
				}
			}
			return false;
		}
		return normalize(documented).contains(normalize(String.valueOf(defaultValue)));
	}

	/** Case and the spelling of enum constants ({@code read_only} / {@code read-only}) do not count. */
	private static String normalize(String text) {
		return text.replace("`", "").replace('_', '-').toLowerCase(Locale.ROOT);
	}

}
