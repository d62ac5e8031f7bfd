package dev.postsapi.post;

import java.time.Instant;
import java.util.stream.Stream;

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
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The posts endpoints behind the real security chain: the caller is always the token's
 * user.
 */
@ControllerSliceTest(PostController.class)
class PostControllerTests {

	private static final PostResponse POST = new PostResponse(7, "hello", "alice",
			Instant.parse("2026-11-25T10:15:30Z"), 2);

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
	void listOwnWhenNoTokenThen401AndNoRead() throws Exception {
		this.mvc.perform(get("/posts/all")).andExpect(status().isUnauthorized());
		then(this.postService).should(never()).listOwn(any(), any());
	}

	@Test
	void listOwnWhenNoParametersThenTheCallersFirstPageOf100() throws Exception {
		given(this.postService.listOwn("alice", new PostPage(100, 0, null))).willReturn(Stream.of(POST));
		this.mvc.perform(get("/posts/all/").header("Authorization", this.alice))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].post_id").value(7))
			.andExpect(jsonPath("$[0].votes").value(2))
			.andExpect(jsonPath("$[0].created_at").value("2026-11-25T10:15:30Z"));
	}

	@Test
	void feedWhenParametersGivenThenPassedOn() throws Exception {
		given(this.postService.feed(new PostPage(5, 10, "hi"))).willReturn(Stream.of(POST));
		this.mvc.perform(get("/posts/feed?limit=5&offset=10&search=hi").header("Authorization", this.alice))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.length()").value(1));
	}

	@Test
	void listOwnWhenLimitOutOfRangeThen422NamingIt() throws Exception {
		this.mvc.perform(get("/posts/all?limit=1001").header("Authorization", this.alice))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("limit"));
		this.mvc.perform(get("/posts/all?offset=x").header("Authorization", this.alice))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("offset"))
			.andExpect(jsonPath("$.errors[0].message").value("must be a valid int"));
	}

	@Test
	void getWhenIdIsHexThen422AsInTheApplication() throws Exception {
		this.mvc.perform(get("/posts/0x7").header("Authorization", this.alice))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("post_id"));
		then(this.postService).shouldHaveNoInteractions();
	}

	@Test
	void getWhenServiceFindsNoneThen404Problem() throws Exception {
		given(this.postService.getOwn("alice", 7)).willThrow(PostService.notFound(7));
		this.mvc.perform(get("/posts/7").header("Authorization", this.alice))
			.andExpect(status().isNotFound())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("Post 7 was not found"));
	}

	@Test
	void createThen201WithLocationAsTheCaller() throws Exception {
		given(this.postService.create(argThat((Caller caller) -> caller.userId().equals("alice")), eq("hello")))
			.willReturn(POST);
		this.mvc
			.perform(post("/posts").header("Authorization", this.alice)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"post_data\":\"hello\",\"user_id\":\"mallory\"}"))
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", "/posts/7"));
	}

	@Test
	void updateWhenSomeoneElsesThen403Problem() throws Exception {
		given(this.postService.update(argThat((Caller caller) -> caller.userId().equals("alice")), eq(7),
				eq("mine now")))
			.willThrow(new ResponseStatusException(HttpStatus.FORBIDDEN, "Post 7 belongs to another user"));
		this.mvc
			.perform(put("/posts/7").header("Authorization", this.alice)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"post_data\":\"mine now\"}"))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.detail").value("Post 7 belongs to another user"));
	}

	@Test
	void deleteWhenOwnThen204AndWhenMissingThen404() throws Exception {
		this.mvc.perform(delete("/posts/7").header("Authorization", this.alice)).andExpect(status().isNoContent());
		willThrow(PostService.notFound(8)).given(this.postService)
			.delete(argThat((Caller caller) -> caller.userId().equals("alice")), eq(8));
		this.mvc.perform(delete("/posts/8/").header("Authorization", this.alice)).andExpect(status().isNotFound());
	}

}
