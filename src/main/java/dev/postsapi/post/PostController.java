package dev.postsapi.post;

import java.net.URI;
import java.util.stream.Stream;

import dev.postsapi.security.Caller;
import dev.postsapi.json.Storable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.CodePointLength;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/posts", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Posts")
class PostController {

	/**
	 * The two 503s of a listing with a search or a deep offset, beside the database's.
	 */
	private static final String SEARCH_UNAVAILABLE = "The database is unreachable; or, with search or an offset "
			+ "over 10000, too many such listings are running (POSTS_SEARCH_CONCURRENCY) or this one took too long "
			+ "(POSTS_SEARCH_TIMEOUT). Retry-After says when to try again";

	private final PostService postService;

	PostController(PostService postService) {
		this.postService = postService;
	}

	@GetMapping("/all")
	@Operation(operationId = "listOwnPosts", summary = "The caller's posts, newest first",
			description = "A page of the caller's posts, each with its vote count: limit (1 to 1000, default "
					+ "100) posts after skipping offset (default 0). search keeps only the posts whose post_data "
					+ "contains it, ignoring case. No posts is an empty array.")
	@ApiResponse(responseCode = "200", description = "A page of the caller's posts",
			content = @Content(array = @ArraySchema(schema = @Schema(implementation = PostResponse.class))))
	@ApiResponse(responseCode = "422", description = "limit, offset or search out of range")
	@ApiResponse(responseCode = "503", description = SEARCH_UNAVAILABLE)
	Stream<PostResponse> listOwn(@AuthenticationPrincipal Caller caller,
			@Parameter(description = "Page size, 1 to 1000") @RequestParam(
					defaultValue = "100") @Min(1) @Max(1000) int limit,
			@Parameter(description = "Posts to skip") @RequestParam(defaultValue = "0") @Min(0) int offset,
			@Parameter(description = "Only posts containing this text, ignoring case",
					schema = @Schema(maxLength = 200)) @RequestParam(required = false) @CodePointLength(max = 200,
							message = "must be at most 200 characters") @Storable @Nullable String search) {
		return this.postService.listOwn(caller.userId(), new PostPage(limit, offset, search));
	}

	@GetMapping("/feed")
	@Operation(operationId = "listFeed", summary = "Every user's posts, newest first",
			description = "A page of everyone's posts, each with its vote count, with the same limit, offset and "
					+ "search as GET /posts/all. Any of them can be voted on at POST /vote.")
	@ApiResponse(responseCode = "200", description = "A page of everyone's posts",
			content = @Content(array = @ArraySchema(schema = @Schema(implementation = PostResponse.class))))
	@ApiResponse(responseCode = "422", description = "limit, offset or search out of range")
	@ApiResponse(responseCode = "503", description = SEARCH_UNAVAILABLE)
	Stream<PostResponse> feed(
			@Parameter(description = "Page size, 1 to 1000") @RequestParam(
					defaultValue = "100") @Min(1) @Max(1000) int limit,
			@Parameter(description = "Posts to skip") @RequestParam(defaultValue = "0") @Min(0) int offset,
			@Parameter(description = "Only posts containing this text, ignoring case",
					schema = @Schema(maxLength = 200)) @RequestParam(required = false) @CodePointLength(max = 200,
							message = "must be at most 200 characters") @Storable @Nullable String search) {
		return this.postService.feed(new PostPage(limit, offset, search));
	}

	@GetMapping("/{post_id}")
	@Operation(operationId = "getPost", summary = "One of the caller's posts",
			description = "The post with its vote count. Someone else's post is a 404, as if it did not exist.")
	@ApiResponse(responseCode = "200", description = "The post")
	@ApiResponse(responseCode = "404", description = "No such post, or not the caller's")
	@ApiResponse(responseCode = "422", description = "post_id is not a number")
	PostResponse get(@AuthenticationPrincipal Caller caller, @PathVariable("post_id") int postId) {
		return this.postService.getOwn(caller.userId(), postId);
	}

	@PostMapping
	@Operation(operationId = "createPost", summary = "Create a post",
			description = "The caller owns the new post; Location names it. post_data is 1 to 10,000 characters "
					+ "(Unicode code points), not blank. A post_id or user_id in the body (the original service's "
					+ "clients send them) is ignored: the server assigns the id.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(
			content = @Content(examples = @ExampleObject(value = "{\"post_data\": \"My first post!\"}")))
	@ApiResponse(responseCode = "201", description = "Created; Location names the post")
	@ApiResponse(responseCode = "422", description = "post_data missing, blank or over 10,000 characters")
	ResponseEntity<PostResponse> create(@AuthenticationPrincipal Caller caller,
			@Valid @RequestBody PostRequest request) {
		PostResponse post = this.postService.create(caller, request.postData());
		return ResponseEntity.created(URI.create("/posts/" + post.postId())).body(post);
	}

	@PutMapping("/{post_id}")
	@Operation(operationId = "updatePost", summary = "Replace a post's text",
			description = "Replaces the post_data of one of the caller's posts, with the same rules as at "
					+ "creation; a post_id or user_id in the body is ignored.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(
			content = @Content(examples = @ExampleObject(value = "{\"post_data\": \"My first post!\"}")))
	@ApiResponse(responseCode = "200", description = "The updated post")
	@ApiResponse(responseCode = "403", description = "Someone else's post")
	@ApiResponse(responseCode = "404", description = "No such post")
	@ApiResponse(responseCode = "422", description = "Invalid post_id or post_data")
	PostResponse update(@AuthenticationPrincipal Caller caller, @PathVariable("post_id") int postId,
			@Valid @RequestBody PostRequest request) {
		return this.postService.update(caller, postId, request.postData());
	}

	// no body: also for a client accepting only problem details (generated Java)
	@DeleteMapping(path = "/{post_id}",
			produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE })
	@Operation(operationId = "deletePost", summary = "Delete a post and its votes",
			description = "Deletes one of the caller's posts and every vote on it.")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiResponse(responseCode = "403", description = "Someone else's post")
	@ApiResponse(responseCode = "404", description = "No such post")
	@ApiResponse(responseCode = "422", description = "post_id is not a number")
	ResponseEntity<Void> delete(@AuthenticationPrincipal Caller caller, @PathVariable("post_id") int postId) {
		this.postService.delete(caller, postId);
		return ResponseEntity.noContent().build();
	}

}
