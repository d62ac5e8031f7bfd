package dev.postsapi.post;

import java.util.Objects;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.CodePointLength;
import org.jspecify.annotations.Nullable;

/**
 * Which slice of a listing to return, newest first, bound from the query string of both
 * listings ({@code limit}, {@code offset}, {@code search}); a missing or empty value
 * takes its default.
 * <p>
 * A JavaBean rather than a record on purpose: Spring MVC binds a record through its
 * constructor and re-reads the constructor's parameter annotations on every request,
 * which cost a quarter of the CPU of a listing (BENCHMARKS.md); setters are bound from
 * cached metadata.
 */
public final class PostPage {

	static final int DEFAULT_LIMIT = 100;

	@Parameter(description = "Page size, 1 to 1000",
			schema = @Schema(implementation = Integer.class, defaultValue = "100"))
	@Min(1)
	@Max(1000)
	private int limit = DEFAULT_LIMIT;

	@Parameter(description = "Posts to skip", schema = @Schema(implementation = Integer.class, defaultValue = "0"))
	@Min(0)
	private int offset;

	@Parameter(description = "Only posts containing this text, ignoring case",
			schema = @Schema(implementation = String.class, maxLength = 200))
	@CodePointLength(max = 200, message = "must be at most 200 characters")
	private @Nullable String search;

	/** The first page, of the default size. */
	public PostPage() {
	}

	public PostPage(@Nullable Integer limit, @Nullable Integer offset, @Nullable String search) {
		setLimit(limit);
		setOffset(offset);
		setSearch(search);
	}

	public int getLimit() {
		return this.limit;
	}

	public int getOffset() {
		return this.offset;
	}

	public @Nullable String getSearch() {
		return this.search;
	}

	public void setLimit(@Nullable Integer limit) {
		this.limit = (limit != null) ? limit : DEFAULT_LIMIT;
	}

	public void setOffset(@Nullable Integer offset) {
		this.offset = (offset != null) ? offset : 0;
	}

	public void setSearch(@Nullable String search) {
		this.search = search;
	}

	/** A LIKE pattern matching {@code search} anywhere, its wildcards taken literally. */
	@Nullable String likePattern() {
		if (this.search == null || this.search.isEmpty()) {
			return null;
		}
		String escaped = this.search.toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
		return "%" + escaped + "%";
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof PostPage page) && this.limit == page.limit && this.offset == page.offset
				&& Objects.equals(this.search, page.search);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.limit, this.offset, this.search);
	}

	@Override
	public String toString() {
		return "PostPage[limit=" + this.limit + ", offset=" + this.offset + ", search=" + this.search + "]";
	}

}
