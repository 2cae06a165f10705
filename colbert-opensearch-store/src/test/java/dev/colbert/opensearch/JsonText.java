package dev.colbert.opensearch;

import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.stream.JsonGenerator;
import org.opensearch.client.json.JsonpSerializable;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;

/** Serializes client request objects to JSON, as the client sends them. */
final class JsonText {

	private static final JacksonJsonpMapper mapper = new JacksonJsonpMapper();

	private JsonText() {
	}

	static String of(JsonpSerializable value) {
		StringWriter writer = new StringWriter();
		try (JsonGenerator generator = mapper.jsonProvider().createGenerator(writer)) {
			value.serialize(generator, mapper);
		}
		return writer.toString();
	}

	/** How many times {@code needle} occurs in {@code json} (non-overlapping). */
	static int occurrences(String json, String needle) {
		Matcher matcher = Pattern.compile(Pattern.quote(needle)).matcher(json);
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

}
