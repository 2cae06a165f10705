package dev.colbert.reliability;

import java.util.ArrayList;
import java.util.List;

/** Collects each bad input a suite tried and the answer it got, for the figures in docs/RELIABILITY.md. */
public final class BadInputAnswers {

	private final String suite;

	private final List<String> rows = new ArrayList<>();

	public BadInputAnswers(String suite) {
		this.suite = suite;
	}

	/** Runs {@code action} and records its answer: the exception (type and message) or what it returned. */
	public Throwable attempt(String input, Action action) {
		try {
			Object result = action.run();
			record(input, "accepted: " + result);
			return null;
		}
		catch (Throwable ex) {
			record(input, ex.getClass().getSimpleName() + ": " + ex.getMessage());
			return ex;
		}
	}

	public synchronized void record(String input, String answer) {
		this.rows.add("| " + cell(input) + " | " + cell(answer) + " |");
	}

	public int size() {
		return this.rows.size();
	}

	public void report() {
		StringBuilder text = new StringBuilder();
		text.append("- bad inputs tried: ").append(this.rows.size()).append("\n\n");
		text.append("| input | answer |\n|---|---|\n");
		for (String row : this.rows) {
			text.append(row).append('\n');
		}
		ReliabilityRun.report(this.suite, text.toString());
	}

	private static String cell(String text) {
		String flat = String.valueOf(text).replace('\n', ' ').replace("|", "\\|");
		return (flat.length() > 400) ? flat.substring(0, 400) + "..." : flat;
	}

	/** An action that may throw anything. */
	@FunctionalInterface
	public interface Action {

		Object run() throws Exception;

	}

}
