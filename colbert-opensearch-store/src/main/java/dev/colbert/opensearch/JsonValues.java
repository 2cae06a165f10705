package dev.colbert.opensearch;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/** JSON-P values as plain Java values. */
final class JsonValues {

	private JsonValues() {
	}

	/** A JSON object as a map of strings, numbers, booleans, lists and maps. */
	static Map<String, Object> plainObject(JsonValue value) {
		if (!(value instanceof JsonObject object)) {
			return null;
		}
		Map<String, Object> map = new LinkedHashMap<>();
		object.forEach((key, member) -> map.put(key, plain(member)));
		return map;
	}

	static Object plain(JsonValue value) {
		return switch (value.getValueType()) {
			case STRING -> ((JsonString) value).getString();
			case NUMBER -> ((JsonNumber) value).isIntegral() ? (Object) ((JsonNumber) value).longValue()
					: (Object) ((JsonNumber) value).doubleValue();
			case TRUE -> true;
			case FALSE -> false;
			case NULL -> null;
			case OBJECT -> plainObject(value);
			case ARRAY -> value.asJsonArray().stream().map(JsonValues::plain).toList();
		};
	}

}
