package dev.postsapi.post;

import io.swagger.v3.oas.annotations.media.Schema;

public record VoteResponse(@Schema(example = "Vote added") String message) {

	static final VoteResponse ADDED = new VoteResponse("Vote added");

}
