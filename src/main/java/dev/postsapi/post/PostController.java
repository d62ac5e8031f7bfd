package dev.postsapi.post;

import java.net.URI;
import java.util.List;

import dev.postsapi.user.UserProfile;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springdoc.core.annotations.ParameterObject;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

@RestController
@RequestMapping("/posts")
@Tag(name = "Posts")
@SecurityRequirement(name = "oauth2")
@ApiResponse(responseCode = "401", description = "Missing, invalid or expired token")
class PostController {

	private final PostService postService;

	PostController(PostService postService) {
		this.postService = postService;
	}

	@GetMapping("/all")
	@Operation(summary = "The caller's posts, newest first")
	@ApiResponse(responseCode = "200", description = "A page of the caller's posts")
	@ApiResponse(responseCode = "422", description = "limit, offset or search out of range")
	List<PostResponse> listOwn(@AuthenticationPrincipal UserProfile caller, @Valid @ParameterObject PostPage page) {
		return this.postService.listOwn(caller.userId(), page);
	}

	@GetMapping("/feed")
	@Operation(summary = "Every user's posts, newest first")
	@ApiResponse(responseCode = "200", description = "A page of everyone's posts")
	@ApiResponse(responseCode = "422", description = "limit, offset or search out of range")
	List<PostResponse> feed(@Valid @ParameterObject PostPage page) {
		return this.postService.feed(page);
	}

	@GetMapping("/{post_id}")
	@Operation(summary = "One of the caller's posts")
	@ApiResponse(responseCode = "200", description = "The post")
	@ApiResponse(responseCode = "404", description = "No such post, or not the caller's")
	@ApiResponse(responseCode = "422", description = "post_id is not a number")
	PostResponse get(@AuthenticationPrincipal UserProfile caller, @PathVariable("post_id") int postId) {
		return this.postService.getOwn(caller.userId(), postId);
	}

	@PostMapping
	@Operation(summary = "Create a post")
	@ApiResponse(responseCode = "201", description = "Created; Location names the post")
	@ApiResponse(responseCode = "422", description = "post_data missing, blank or over 10,000 characters")
	ResponseEntity<PostResponse> create(@AuthenticationPrincipal UserProfile caller,
			@Valid @RequestBody PostRequest request) {
		PostResponse post = this.postService.create(caller.userId(), request.postData());
		URI location = UriComponentsBuilder.fromPath("/posts/{post_id}").buildAndExpand(post.postId()).toUri();
		return ResponseEntity.created(location).body(post);
	}

	@PutMapping("/{post_id}")
	@Operation(summary = "Replace a post's text")
	@ApiResponse(responseCode = "200", description = "The updated post")
	@ApiResponse(responseCode = "403", description = "Someone else's post")
	@ApiResponse(responseCode = "404", description = "No such post")
	@ApiResponse(responseCode = "422", description = "Invalid post_id or post_data")
	PostResponse update(@AuthenticationPrincipal UserProfile caller, @PathVariable("post_id") int postId,
			@Valid @RequestBody PostRequest request) {
		return this.postService.update(caller.userId(), postId, request.postData());
	}

	@DeleteMapping("/{post_id}")
	@Operation(summary = "Delete a post and its votes")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiResponse(responseCode = "403", description = "Someone else's post")
	@ApiResponse(responseCode = "404", description = "No such post")
	@ApiResponse(responseCode = "422", description = "post_id is not a number")
	ResponseEntity<Void> delete(@AuthenticationPrincipal UserProfile caller, @PathVariable("post_id") int postId) {
		this.postService.delete(caller.userId(), postId);
		return ResponseEntity.noContent().build();
	}

}
