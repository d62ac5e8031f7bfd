package dev.postsapi.user;

import java.time.Instant;
import java.util.Optional;

import dev.postsapi.security.SecurityConfiguration;
import dev.postsapi.web.ProblemResponseWriter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The users endpoints behind the real security filter chain, with the token decoder mocked. */
@WebMvcTest(UserController.class)
@Import({ SecurityConfiguration.class, ProblemResponseWriter.class })
class UserControllerSecurityTests {

	private static final UserProfile ALICE = new UserProfile("alice", "alice@example.com",
			Instant.parse("2026-11-25T10:15:30Z"));

	@Autowired
	MockMvc mvc;

	@MockitoBean
	UserService userService;

	@MockitoBean
	JwtDecoder jwtDecoder;

	@Test
	void meWhenNoTokenThen401ProblemWithBearerChallenge() throws Exception {
		mvc.perform(get("/users/me"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", containsString("Bearer")))
			.andExpect(header().string("WWW-Authenticate", not(containsString("error="))))
			.andExpect(jsonPath("$.detail").value("Could not validate credentials"));
	}

	@Test
	void meWhenTokenValidThenPrincipalIsTheTokensUser() throws Exception {
		given(jwtDecoder.decode("good")).willReturn(jwt("alice"));
		given(userService.findProfile("alice")).willReturn(Optional.of(ALICE));
		mvc.perform(get("/users/me/").header("Authorization", "Bearer good"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.user_id").value("alice"))
			.andExpect(jsonPath("$.created_at").value("2026-11-25T10:15:30Z"));
	}

	@Test
	void meWhenTokensUserIsGoneThen401InvalidToken() throws Exception {
		given(jwtDecoder.decode("orphan")).willReturn(jwt("ghost"));
		given(userService.findProfile("ghost")).willReturn(Optional.empty());
		mvc.perform(get("/users/me").header("Authorization", "Bearer orphan"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", containsString("error=\"invalid_token\"")));
	}

	@Test
	void meWhenDecoderRefusesTokenThen401InvalidToken() throws Exception {
		given(jwtDecoder.decode("bad")).willThrow(new BadJwtException("The token has expired"));
		mvc.perform(get("/users/me").header("Authorization", "Bearer bad"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", containsString("error=\"invalid_token\"")))
			.andExpect(jsonPath("$.status").value(401));
	}

	@Test
	void registerIsPublicEvenWithABadTokenInTheHeader() throws Exception {
		given(userService.register(any())).willReturn(ALICE);
		mvc.perform(post("/users/").header("Authorization", "Bearer stale")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"user_id\":\"alice\",\"email\":\"alice@example.com\",\"password\":\"strong_password\"}"))
			.andExpect(status().isCreated())
			.andExpect(header().string("Location", "/users/alice"));
	}

	private static Jwt jwt(String subject) {
		Instant now = Instant.now();
		return Jwt.withTokenValue("token")
			.header("alg", "HS256")
			.subject(subject)
			.issuedAt(now)
			.expiresAt(now.plusSeconds(600))
			.build();
	}

}
