package dev.postsapi.post;

import org.jspecify.annotations.Nullable;

/** Which slice of a listing to return, newest first; {@code search} ignores case. */
record PostPage(int limit, int offset, @Nullable String search) {

	/** A LIKE pattern for {@code search} anywhere, wildcards literal; or "". */
	String likePattern() {
		if (this.search == null || this.search.isEmpty()) {
			return "";
		}
		return "%" + this.search.toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
	}

}
