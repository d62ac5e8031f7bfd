package dev.postsapi.post;

import org.jspecify.annotations.Nullable;

import org.springframework.data.jpa.repository.query.EscapeCharacter;

/** Which slice of a listing to return, newest first; {@code search} ignores case. */
record PostPage(int limit, int offset, @Nullable String search) {

	/**
	 * Past this many posts skipped, PostgreSQL walks as many index entries for a page:
	 * such pages are bounded as searches are (docs/operations.md, "Performance at
	 * scale").
	 */
	static final int DEEP_OFFSET = 10_000;

	/** Whether the page scans rows no index takes it to: a search, or a deep offset. */
	boolean scans() {
		return searches() || this.offset > DEEP_OFFSET;
	}

	/** Whether a search narrows the listing. */
	boolean searches() {
		return this.search != null && !this.search.isEmpty();
	}

	/**
	 * A LIKE pattern for {@code search} anywhere, wildcards literal; or "". Its case is
	 * the database's to ignore, by the rules it lowers the text by.
	 */
	String likePattern() {
		if (!searches()) {
			return "";
		}
		return "%" + EscapeCharacter.DEFAULT.escape(this.search) + "%";
	}

}
