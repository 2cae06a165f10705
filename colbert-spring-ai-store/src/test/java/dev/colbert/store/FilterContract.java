package dev.colbert.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;
import org.springframework.ai.vectorstore.filter.FilterExpressionTextParser;

/**
 * The filter contract every store keeps, as cases: a filter and the plain-Java predicate that says which metadata it
 * matches. A missing key never matches {@code ==, >, >=, <, <=, IN} and always matches {@code !=, NIN}; numbers
 * compare numerically whatever their stored Java type. Shared by {@link TokenVectorStoreConformanceTests} and
 * {@link HybridSearchConformanceTests} (late interaction and hybrid search keep the same contract). The metadata keys
 * are those of {@link #metadata(int)}.
 */
public final class FilterContract {

	private FilterContract() {
	}

	/**
	 * One case.
	 *
	 * @param name what it checks
	 * @param filter the filter
	 * @param expected which metadata it must match
	 */
	public record Case(String name, Filter.Expression filter, Predicate<Map<String, Object>> expected) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	/**
	 * The metadata of test document {@code i}: color (red, blue, green, or missing), year (2018 to 2022, stored as
	 * Integer, Long or Double, or missing), published (boolean).
	 */
	public static Map<String, Object> metadata(int i) {
		Map<String, Object> metadata = new java.util.LinkedHashMap<>();
		String[] colors = { "red", "blue", "green", null };
		String color = colors[(i / 2) % colors.length];
		if (color != null) {
			metadata.put("color", color);
		}
		int year = 2018 + (i % 5);
		switch (i % 7) {
			case 0 -> metadata.put("year", (long) year);
			case 1 -> metadata.put("year", (double) year);
			case 2 -> {
			}
			default -> metadata.put("year", year);
		}
		metadata.put("published", i % 3 != 0);
		return metadata;
	}

	public static List<Case> cases() {
		FilterExpressionBuilder b = new FilterExpressionBuilder();
		List<Case> cases = new ArrayList<>();
		cases.add(new Case("color == 'red'", b.eq("color", "red").build(), (m) -> "red".equals(m.get("color"))));
		cases.add(new Case("color != 'red' (missing key matches)", b.ne("color", "red").build(),
				(m) -> !"red".equals(m.get("color"))));
		cases.add(new Case("year == 2020 (Integer, Long and Double stored)", b.eq("year", 2020).build(),
				(m) -> number(m, "year") != null && number(m, "year") == 2020.0));
		cases.add(new Case("year > 2019.5", b.gt("year", 2019.5).build(),
				(m) -> number(m, "year") != null && number(m, "year") > 2019.5));
		cases.add(new Case("year >= 2021", b.gte("year", 2021).build(),
				(m) -> number(m, "year") != null && number(m, "year") >= 2021));
		cases.add(new Case("year < 2020L", b.lt("year", 2020L).build(),
				(m) -> number(m, "year") != null && number(m, "year") < 2020));
		cases.add(new Case("year <= 2020", b.lte("year", 2020).build(),
				(m) -> number(m, "year") != null && number(m, "year") <= 2020));
		cases.add(new Case("color in ['red', 'blue']", b.in("color", "red", "blue").build(),
				(m) -> "red".equals(m.get("color")) || "blue".equals(m.get("color"))));
		cases.add(new Case("color nin ['red', 'blue'] (missing key matches)", b.nin("color", "red", "blue").build(),
				(m) -> !"red".equals(m.get("color")) && !"blue".equals(m.get("color"))));
		cases.add(new Case("published == true", b.eq("published", true).build(),
				(m) -> Boolean.TRUE.equals(m.get("published"))));
		cases.add(new Case("color == 'red' && year >= 2020", b.and(b.eq("color", "red"), b.gte("year", 2020)).build(),
				(m) -> "red".equals(m.get("color")) && number(m, "year") != null && number(m, "year") >= 2020));
		cases.add(new Case("color == 'green' || published == false",
				b.or(b.eq("color", "green"), b.eq("published", false)).build(),
				(m) -> "green".equals(m.get("color")) || Boolean.FALSE.equals(m.get("published"))));
		cases.add(new Case("not(year >= 2020) (missing key matches)", b.not(b.gte("year", 2020)).build(),
				(m) -> !(number(m, "year") != null && number(m, "year") >= 2020)));
		cases.add(new Case("text parser: color == 'blue' && year < 2021",
				new FilterExpressionTextParser().parse("color == 'blue' && year < 2021"),
				(m) -> "blue".equals(m.get("color")) && number(m, "year") != null && number(m, "year") < 2021));
		return cases;
	}

	private static Double number(Map<String, Object> metadata, String key) {
		Object value = metadata.get(key);
		return (value instanceof Number n) ? n.doubleValue() : null;
	}

}
