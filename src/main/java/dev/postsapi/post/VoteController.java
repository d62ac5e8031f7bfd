package dev.postsapi.post;

import dev.postsapi.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.extensions.Extension;
import io.swagger.v3.oas.annotations.extensions.ExtensionProperty;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.http.MediaType;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Votes")
class VoteController {

	private final PostService posts;

	VoteController(PostService posts) {
		this.posts = posts;
	}

	@PostMapping("/vote")
	@Operation(operationId = "vote", summary = "Add (dir 1) or remove (dir 0) the caller's vote on a post",
			description = "dir 1 adds the caller's vote to a post of any user's (201); a second vote on the same "
					+ "post is a 409. dir 0 removes the caller's vote (204); a 404 if there was none. A post's "
					+ "votes field counts its votes.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
			@ExampleObject(name = "add", summary = "Add the caller's vote",
					description = "201, or 409 if the caller has already voted on the post",
					value = "{\"post_id\": 7, \"dir\": 1}"),
			@ExampleObject(name = "remove", summary = "Remove the caller's vote",
					description = "204, or 404 if the caller has not voted on the post",
					value = "{\"post_id\": 7, \"dir\": 0}") }))
	// a vote has no address of its own: no Location
	@ApiResponse(responseCode = "201", description = "Vote added",
			extensions = @Extension(properties = @ExtensionProperty(name = "x-without-location", value = "true")))
	@ApiResponse(responseCode = "204", description = "Vote removed")
	@ApiResponse(responseCode = "404", description = "dir 1: no such post; dir 0: no vote to remove")
	@ApiResponse(responseCode = "409", description = "Already voted on this post")
	@ApiResponse(responseCode = "422", description = "post_id missing, or dir not 0 or 1")
	ResponseEntity<VoteResponse> vote(@AuthenticationPrincipal Caller caller, @Valid @RequestBody VoteRequest request) {
		if (request.adds()) {
			this.posts.vote(caller, request.postId());
			return ResponseEntity.status(HttpStatus.CREATED).body(VoteResponse.ADDED);
		}
		this.posts.unvote(caller, request.postId());
		return ResponseEntity.noContent().build();
	}

}
