package dev.colbert.index;

/** Allocates file numbers for one commit. */
final class FileNumbers {

	private long next;

	FileNumbers(long next) {
		this.next = next;
	}

	long next() {
		return this.next++;
	}

	long peek() {
		return this.next;
	}

}
