package dev.postsapi.post;

/** Which slice of a listing to return: newest first, optionally only posts containing a text. */
public record PostPage(int limit, int offset, String search) {

	/** A LIKE pattern matching {@code search} anywhere, its wildcards taken literally. */
	String likePattern() {
		if (search == null || search.isEmpty()) {
			return null;
		}
		String escaped = search.toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
		return "%" + escaped + "%";
	}

}
