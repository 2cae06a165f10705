package dev.colbert.sample.ingest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownSectionsTests {

	@Test
	void readsFrontMatterAndCutsAtHeadingsOutsideCodeFences() {
		String markdown = """
				---
				title: "Write-Ahead Logging"
				source: https://www.sqlite.org/wal.html
				license: public domain (SQLite documentation)
				---

				# Write-Ahead Logging

				# 1. Overview

				WAL is faster.

				```
				# not a heading
				PRAGMA journal_mode=WAL;
				```

				## 2. How WAL Works

				The WAL file grows.
				""";
		MarkdownSections sections = MarkdownSections.parse(markdown);
		assertThat(sections.frontMatter()).containsEntry("title", "Write-Ahead Logging")
			.containsEntry("source", "https://www.sqlite.org/wal.html")
			.containsEntry("license", "public domain (SQLite documentation)");
		assertThat(sections.sections()).extracting(MarkdownSections.Section::heading)
			.containsExactly("1. Overview", "2. How WAL Works");
		assertThat(sections.sections().get(0).text()).startsWith("# 1. Overview")
			.contains("WAL is faster.\n\n```\n# not a heading\nPRAGMA journal_mode=WAL;\n```");
		assertThat(sections.sections().get(1).text()).isEqualTo("## 2. How WAL Works\n\nThe WAL file grows.");
	}

	@Test
	void textWithoutHeadingsIsOneSection() {
		MarkdownSections sections = MarkdownSections.parse("Just a note.\r\nSecond line.");
		assertThat(sections.frontMatter()).isEmpty();
		assertThat(sections.sections()).containsExactly(new MarkdownSections.Section(null, "Just a note.\nSecond line."));
	}

}
