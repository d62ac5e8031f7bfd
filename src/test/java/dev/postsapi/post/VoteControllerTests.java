package dev.postsapi.post;

import dev.postsapi.security.Caller;
import dev.postsapi.security.LiveSessions;
import dev.postsapi.support.ControllerSliceTest;
import dev.postsapi.support.SliceTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.server.ResponseStatusException;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code POST /vote} behind the real security chain: dir 1 adds, dir 0 removes, as the
 * caller.
 */
@ControllerSliceTest(VoteController.class)
class VoteControllerTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JwtDecoder jwtDecoder;

	@MockitoBean
	LiveSessions principals;

	@MockitoBean
	PostService postService;

	String alice;

	@BeforeEach
	void signIn() {
		this.alice = SliceTokens.bearer(this.jwtDecoder, this.principals, "alice");
	}

	@Test
	void voteWhenDirOneThen201VoteAddedAsTheCaller() throws Exception {
		this.mvc.perform(vote("{\"post_id\":7,\"dir\":1}"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.message").value("Vote added"));
		then(this.postService).should().vote(calledBy("alice"), eq(7));
	}

	@Test
	void voteWhenDirZeroThen204Removed() throws Exception {
		this.mvc.perform(vote("{\"post_id\":7,\"dir\":0}")).andExpect(status().isNoContent());
		then(this.postService).should().unvote(calledBy("alice"), eq(7));
	}

	@Test
	void voteWhenAlreadyVotedThen409AndWhenNoPostThen404() throws Exception {
		willThrow(new ResponseStatusException(HttpStatus.CONFLICT, "User alice has already voted on post 7"))
			.given(this.postService)
			.vote(calledBy("alice"), eq(7));
		willThrow(PostService.notFound(8)).given(this.postService).vote(calledBy("alice"), eq(8));
		this.mvc.perform(vote("{\"post_id\":7,\"dir\":1}"))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.detail").value("User alice has already voted on post 7"));
		this.mvc.perform(vote("{\"post_id\":8,\"dir\":1}")).andExpect(status().isNotFound());
	}

	@Test
	void voteWhenDirNotZeroOrOneThen422AndNothingChanged() throws Exception {
		this.mvc.perform(vote("{\"post_id\":7,\"dir\":2}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("dir"))
			.andExpect(jsonPath("$.errors[0].message").value("must be 0 or 1"));
		then(this.postService).should(never()).vote(any(), anyInt());
	}

	@Test
	void voteWhenNoTokenThen401() throws Exception {
		this.mvc.perform(post("/vote").contentType(MediaType.APPLICATION_JSON).content("{\"post_id\":7,\"dir\":1}"))
			.andExpect(status().isUnauthorized());
		then(this.postService).should(never()).vote(any(), anyInt());
	}

	private static Caller calledBy(String userId) {
		return argThat((Caller caller) -> caller.userId().equals(userId));
	}

	private org.springframework.test.web.servlet.RequestBuilder vote(String body) {
		return post("/vote/").header("Authorization", this.alice).contentType(MediaType.APPLICATION_JSON).content(body);
	}

}
