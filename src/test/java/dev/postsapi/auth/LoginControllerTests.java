package dev.postsapi.auth;

import dev.postsapi.security.LiveSessions;
import dev.postsapi.support.ControllerSliceTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code POST /login} behind the real security chain: public, a form, and its answers.
 */
@ControllerSliceTest(LoginController.class)
class LoginControllerTests {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	LoginService loginService;

	@MockitoBean
	SessionService sessionService;

	/** The security chain's session check (these routes are public). */
	@MockitoBean
	LiveSessions liveSessions;

	@Test
	void loginWhenCredentialsAcceptedThen200TokenNotToBeCached() throws Exception {
		given(this.loginService.login(eq("alice"), eq("strong_password"), any()))
			.willReturn(TokenResponse.bearer("a.b.c", 600, "r.t"));
		this.mvc
			.perform(post("/login/").contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.content("grant_type=password&username=alice&password=strong_password&scope="))
			.andExpect(status().isOk())
			.andExpect(header().string("Cache-Control", "no-store"))
			.andExpect(jsonPath("$.access_token").value("a.b.c"))
			.andExpect(jsonPath("$.token_type").value("bearer"))
			.andExpect(jsonPath("$.expires_in").value(600));
	}

	@Test
	void loginWhenStaleBearerTokenSentThenStillPublic() throws Exception {
		given(this.loginService.login(eq("alice"), eq("strong_password"), any()))
			.willReturn(TokenResponse.bearer("a.b.c", 600, "r.t"));
		this.mvc
			.perform(post("/login").header("Authorization", "Bearer stale")
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.content("username=alice&password=strong_password"))
			.andExpect(status().isOk());
	}

	@Test
	void loginWhenCredentialsRefusedThen401InvalidCredentialsWithBearerChallenge() throws Exception {
		given(this.loginService.login(eq("alice"), eq("wrong"), any())).willThrow(new InvalidCredentialsException());
		this.mvc
			.perform(post("/login").contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.content("username=alice&password=wrong"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", "Bearer"))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("Invalid credentials"));
	}

	@Test
	void loginWhenPasswordMissingThen422AndNoCheck() throws Exception {
		this.mvc.perform(post("/login").contentType(MediaType.APPLICATION_FORM_URLENCODED).content("username=alice"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("password"));
		then(this.loginService).should(never()).login(any(), any(), any());
	}

	@Test
	void loginWhenRefreshTokenGrantThenExchangedWithoutAPassword() throws Exception {
		given(this.sessionService.refresh(eq("rt"), eq(new LoginClient("127.0.0.1", "Grant/1"))))
			.willReturn(TokenResponse.bearer("a.b.c", 600, "next"));
		this.mvc
			.perform(post("/login").contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.header("User-Agent", "Grant/1")
				.content("grant_type=refresh_token&refresh_token=rt"))
			.andExpect(status().isOk())
			.andExpect(header().string("Cache-Control", "no-store"))
			.andExpect(jsonPath("$.refresh_token").value("next"));
		then(this.loginService).should(never()).login(any(), any(), any());
	}

	@Test
	void refreshWhenJsonOrFormThenExchangedAndNotToBeCached() throws Exception {
		// the session keeps where and with what it was refreshed
		given(this.sessionService.refresh(eq("rt"), eq(new LoginClient("127.0.0.1", "Json/1"))))
			.willReturn(TokenResponse.bearer("a.b.c", 600, "next"));
		given(this.sessionService.refresh(eq("rt"), eq(new LoginClient("127.0.0.1", "Form/1"))))
			.willReturn(TokenResponse.bearer("a.b.c", 600, "next"));
		this.mvc
			.perform(post("/token/refresh").contentType(MediaType.APPLICATION_JSON)
				.header("User-Agent", "Json/1")
				.content("{\"refresh_token\":\"rt\"}"))
			.andExpect(status().isOk())
			.andExpect(header().string("Cache-Control", "no-store"))
			.andExpect(jsonPath("$.access_token").value("a.b.c"))
			.andExpect(jsonPath("$.refresh_token").value("next"));
		this.mvc
			.perform(post("/token/refresh/").contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.header("User-Agent", "Form/1")
				.content("refresh_token=rt"))
			.andExpect(status().isOk());
	}

	@Test
	void refreshWhenTokenUnusableThen401InvalidToken() throws Exception {
		given(this.sessionService.refresh(eq("used"), any())).willThrow(new InvalidRefreshTokenException());
		this.mvc
			.perform(post("/token/refresh").contentType(MediaType.APPLICATION_JSON)
				.content("{\"refresh_token\":\"used\"}"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate",
					org.hamcrest.Matchers.startsWith("Bearer error=\"invalid_token\"")))
			.andExpect(jsonPath("$.detail").value("Could not validate credentials"));
	}

	@Test
	void loginWhenJsonInsteadOfFormThen415() throws Exception {
		this.mvc
			.perform(post("/login").contentType(MediaType.APPLICATION_JSON)
				.content("{\"username\":\"alice\",\"password\":\"strong_password\"}"))
			.andExpect(status().isUnsupportedMediaType())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
	}

}
