package dev.postsapi.post;

import org.jspecify.annotations.Nullable;

/** Which slice of a listing to return, newest first; {@code search} ignores case. */
record PostPage(int limit, int offset, @Nullable String search) {

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
		return "%" + this.search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
	}

}
