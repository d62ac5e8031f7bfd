package dev.postsapi.user;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.postsapi.security.LiveSessions;
import dev.postsapi.support.ControllerSliceTest;
import dev.postsapi.support.SliceTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.server.ResponseStatusException;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The users endpoints behind the real security chain: who may call them, and their
 * answers.
 */
@ControllerSliceTest(UserController.class)
class UserControllerTests {

	private static final String REGISTRATION = """
			{"user_id": "alice", "email": "alice@example.com", "password": "strong_password"}""";

	private static final UserProfile ALICE = new UserProfile("alice", "alice@example.com",
			Instant.parse("2026-11-25T10:15:30Z"), List.of("user"), false);

	@Autowired
	MockMvc mvc;

	@Autowired
	JwtDecoder jwtDecoder;

	@MockitoBean
	LiveSessions principals;

	@MockitoBean
	UserService userService;

	@Test
	void meWhenNoTokenThen401ProblemWithBearerChallenge() throws Exception {
		this.mvc.perform(get("/users/me"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", containsString("Bearer")))
			.andExpect(header().string("WWW-Authenticate", not(containsString("error="))))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("Could not validate credentials"));
	}

	@Test
	void meWhenNoTokenAndBrowserAcceptsHtmlThen401Problem() throws Exception {
		this.mvc.perform(get("/users/me").accept(MediaType.TEXT_HTML))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", containsString("Bearer")))
			.andExpect(jsonPath("$.status").value(401));
	}

	@Test
	void meWhenTokenValidThenTheTokensUser() throws Exception {
		String bearer = SliceTokens.bearer(this.jwtDecoder, this.principals, "alice");
		given(this.userService.findProfile("alice")).willReturn(Optional.of(ALICE));
		this.mvc.perform(get("/users/me/").header("Authorization", bearer))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.user_id").value("alice"))
			.andExpect(jsonPath("$.email").value("alice@example.com"))
			.andExpect(jsonPath("$.created_at").value("2026-11-25T10:15:30Z"))
			.andExpect(jsonPath("$.password").doesNotExist());
	}

	@Test
	void meWhenTokensUserIsGoneThen401InvalidToken() throws Exception {
		String bearer = SliceTokens.orphan(this.jwtDecoder, this.principals, "ghost");
		this.mvc.perform(get("/users/me").header("Authorization", bearer))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", containsString("error=\"invalid_token\"")))
			.andExpect(jsonPath("$.detail").value("Could not validate credentials"));
	}

	@Test
	void meWhenDecoderRefusesTokenThen401InvalidToken() throws Exception {
		given(this.jwtDecoder.decode("bad")).willThrow(new BadJwtException("The token has expired"));
		this.mvc.perform(get("/users/me").header("Authorization", "Bearer bad"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", containsString("error=\"invalid_token\"")))
			.andExpect(jsonPath("$.status").value(401));
	}

	@Test
	void registerWhenBadTokenInTheHeaderThenStillPublic() throws Exception {
		given(this.userService.register(any(), any())).willReturn(ALICE);
		this.mvc
			.perform(post("/users/").header("Authorization", "Bearer stale")
				.contentType(MediaType.APPLICATION_JSON)
				.content(REGISTRATION))
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", "/users/alice"));
	}

	@Test
	void registerWhenTakenThen409ProblemWithTheServicesDetail() throws Exception {
		given(this.userService.register(any(), any()))
			.willThrow(new ResponseStatusException(HttpStatus.CONFLICT, "user_id 'alice' is already taken"));
		this.mvc.perform(post("/users").contentType(MediaType.APPLICATION_JSON).content(REGISTRATION))
			.andExpect(status().isConflict())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("about:blank"))
			.andExpect(jsonPath("$.title").value("Conflict"))
			.andExpect(jsonPath("$.detail").value("user_id 'alice' is already taken"))
			.andExpect(jsonPath("$.instance").value("/users"));
	}

	@Test
	void registerWhenInvalidThen422AndServiceNotCalled() throws Exception {
		this.mvc
			.perform(post("/users").contentType(MediaType.APPLICATION_JSON)
				.content("{\"user_id\":\"a!\",\"email\":\"alice@example.com\",\"password\":\"strong_password\"}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("user_id"));
		then(this.userService).should(never()).register(any(), any());
	}

}
