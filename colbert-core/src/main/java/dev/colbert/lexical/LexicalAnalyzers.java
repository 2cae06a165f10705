package dev.colbert.lexical;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.core.SimpleAnalyzer;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;

/**
 * The analyzers a {@link LexicalSettings#analyzer()} name stands for: {@code english} (Lucene's
 * {@code EnglishAnalyzer}, the default), {@code standard}, {@code simple}, {@code whitespace}, or the class name of
 * any Lucene {@code Analyzer} with a public no-argument constructor (for example
 * {@code org.apache.lucene.analysis.fr.FrenchAnalyzer}; lucene-analysis-common has one per major language).
 */
public final class LexicalAnalyzers {

	/** What a valid name is, for error messages. */
	public static final String DESCRIPTION = "use english, standard, simple, whitespace or the class name of a Lucene "
			+ "Analyzer with a public no-argument constructor (e.g. org.apache.lucene.analysis.fr.FrenchAnalyzer)";

	private LexicalAnalyzers() {
	}

	/**
	 * A new analyzer for the name.
	 * @throws IllegalArgumentException naming the value when it is neither a known name nor a loadable analyzer class
	 */
	public static Analyzer create(String name) {
		String key = name.trim();
		switch (key.toLowerCase(Locale.ROOT)) {
			case "english":
				return new EnglishAnalyzer();
			case "standard":
				return new StandardAnalyzer();
			case "simple":
				return new SimpleAnalyzer();
			case "whitespace":
				return new WhitespaceAnalyzer();
			default:
				return byClassName(key);
		}
	}

	private static Analyzer byClassName(String className) {
		if (!className.contains(".")) {
			throw new IllegalArgumentException("Unknown analyzer '" + className + "': " + DESCRIPTION);
		}
		try {
			Class<?> type = Class.forName(className, true, LexicalAnalyzers.class.getClassLoader());
			if (!Analyzer.class.isAssignableFrom(type)) {
				throw new IllegalArgumentException("'" + className + "' is not a Lucene Analyzer: " + DESCRIPTION);
			}
			return (Analyzer) type.getConstructor().newInstance();
		}
		catch (ClassNotFoundException | NoSuchMethodException | InstantiationException | IllegalAccessException
				| InvocationTargetException ex) {
			throw new IllegalArgumentException("Cannot create the analyzer '" + className + "' (" + ex + "): "
					+ DESCRIPTION, ex);
		}
	}

}
