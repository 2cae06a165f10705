package dev.colbert.sample.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a Markdown text into its YAML-style front matter ({@code key: value} lines between {@code ---} lines) and its
 * sections, one per heading outside fenced code blocks. Each section keeps its heading line and the Markdown as
 * written (paragraph breaks, lists, code), so chunk texts read as in the source and character offsets of token matches
 * point into readable text.
 */
public final class MarkdownSections {

	private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.+?)\\s*#*\\s*$");

	private static final Pattern FRONT_MATTER_LINE = Pattern.compile("^([A-Za-z0-9_-]+)\\s*:\\s*(.*)$");

	private final Map<String, String> frontMatter;

	private final List<Section> sections;

	private MarkdownSections(Map<String, String> frontMatter, List<Section> sections) {
		this.frontMatter = frontMatter;
		this.sections = sections;
	}

	/** Parses {@code markdown}; a text without headings is one section with a {@code null} heading. */
	public static MarkdownSections parse(String markdown) {
		String[] lines = markdown.replace("\r\n", "\n").split("\n", -1);
		Map<String, String> frontMatter = new LinkedHashMap<>();
		int start = 0;
		if (lines.length > 0 && lines[0].strip().equals("---")) {
			for (int i = 1; i < lines.length; i++) {
				if (lines[i].strip().equals("---")) {
					for (int j = 1; j < i; j++) {
						Matcher matcher = FRONT_MATTER_LINE.matcher(lines[j].strip());
						if (matcher.matches()) {
							frontMatter.put(matcher.group(1), unquote(matcher.group(2).strip()));
						}
					}
					start = i + 1;
					break;
				}
			}
		}
		List<Section> sections = new ArrayList<>();
		String heading = null;
		StringBuilder text = new StringBuilder();
		boolean inFence = false;
		for (int i = start; i < lines.length; i++) {
			String line = lines[i];
			if (line.stripLeading().startsWith("```") || line.stripLeading().startsWith("~~~")) {
				inFence = !inFence;
			}
			Matcher matcher = inFence ? null : HEADING.matcher(line);
			if (matcher != null && matcher.matches()) {
				addSection(sections, heading, text);
				heading = matcher.group(2);
				text.setLength(0);
			}
			text.append(line).append('\n');
		}
		addSection(sections, heading, text);
		return new MarkdownSections(frontMatter, sections);
	}

	private static void addSection(List<Section> sections, String heading, StringBuilder text) {
		String body = text.toString().strip();
		boolean onlyHeading = heading != null && body.lines().count() <= 1;
		if (!body.isEmpty() && !onlyHeading) {
			sections.add(new Section(heading, body));
		}
	}

	private static String unquote(String value) {
		if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
				|| value.startsWith("'") && value.endsWith("'"))) {
			return value.substring(1, value.length() - 1);
		}
		return value;
	}

	/** The front matter's {@code key: value} pairs, in order; empty when there is none. */
	public Map<String, String> frontMatter() {
		return this.frontMatter;
	}

	/** The sections in document order. */
	public List<Section> sections() {
		return this.sections;
	}

	/**
	 * One section of a Markdown text.
	 *
	 * @param heading the heading's text, or {@code null} for text before the first heading
	 * @param text the section's Markdown, heading line included
	 */
	public record Section(String heading, String text) {
	}

}
