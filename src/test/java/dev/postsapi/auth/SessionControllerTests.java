package dev.postsapi.auth;

import java.util.List;
import java.util.UUID;

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
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Logout and password change behind the real security chain: always the token's own
 * session.
 */
@ControllerSliceTest(SessionController.class)
class SessionControllerTests {

	private static final Caller ALICE = new Caller("alice", UUID.fromString(SliceTokens.SESSION_ID));

	@Autowired
	MockMvc mvc;

	@Autowired
	JwtDecoder jwtDecoder;

	@MockitoBean
	LiveSessions principals;

	@MockitoBean
	SessionService sessionService;

	@MockitoBean
	LoginService loginService;

	String alice;

	@BeforeEach
	void signIn() {
		this.alice = SliceTokens.bearer(this.jwtDecoder, this.principals, "alice");
	}

	@Test
	void logoutWhenNoBodyThenTheTokensSessionEnds() throws Exception {
		this.mvc.perform(post("/logout").header("Authorization", this.alice))
			.andExpect(status().isNoContent())
			.andExpect(content().string(""));
		then(this.sessionService).should().logout(ALICE, null);
	}

	@Test
	void logoutWhenBodyNamesARefreshTokenThenItIsPassedOn() throws Exception {
		this.mvc
			.perform(post("/logout/").header("Authorization", this.alice)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"refresh_token\":\"rt\"}"))
			.andExpect(status().isNoContent());
		then(this.sessionService).should().logout(ALICE, "rt");
	}

	@Test
	void logoutWhenNoTokenThen401AndNothingEnds() throws Exception {
		this.mvc.perform(post("/logout")).andExpect(status().isUnauthorized());
		this.mvc.perform(post("/logout/all")).andExpect(status().isUnauthorized());
		then(this.sessionService).should(never()).logout(any(), any());
		then(this.sessionService).should(never()).logoutEverywhere(any());
	}

	@Test
	void logoutAllThenEverySessionOfTheCaller() throws Exception {
		this.mvc.perform(post("/logout/all").header("Authorization", this.alice)).andExpect(status().isNoContent());
		then(this.sessionService).should().logoutEverywhere(ALICE);
	}

	@Test
	void changePasswordThen204ForTheCallerKeepingTheirSession() throws Exception {
		this.mvc.perform(changePassword("{\"current_password\":\"old_password\",\"new_password\":\"new_password\"}"))
			.andExpect(status().isNoContent());
		then(this.loginService).should().changePassword(eq(ALICE), eq("old_password"), eq("new_password"), any());
	}

	@Test
	void changePasswordWhenCurrentWrongThen403Problem() throws Exception {
		willThrow(new ResponseStatusException(HttpStatus.FORBIDDEN, "The current password is wrong"))
			.given(this.loginService)
			.changePassword(eq(ALICE), eq("guess"), eq("new_password"), any());
		this.mvc.perform(changePassword("{\"current_password\":\"guess\",\"new_password\":\"new_password\"}"))
			.andExpect(status().isForbidden())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("The current password is wrong"));
	}

	@Test
	void changePasswordWhenNewPasswordTooLongInBytesThen422NamingIt() throws Exception {
		this.mvc
			.perform(changePassword(
					"{\"current_password\":\"old_password\",\"new_password\":\"" + "€".repeat(25) + "\"}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("new_password"))
			.andExpect(jsonPath("$.errors[0].message").value("must be 8 to 72 bytes in UTF-8"));
		then(this.loginService).should(never()).changePassword(any(), anyString(), anyString(), any());
	}

	@Test
	void deleteAccountWhenNotJsonThen415AndNothingDeleted() throws Exception {
		for (MediaType type : List.of(MediaType.TEXT_PLAIN, MediaType.APPLICATION_FORM_URLENCODED)) {
			this.mvc
				.perform(delete("/users/me").header("Authorization", this.alice)
					.contentType(type)
					.content("{\"password\":\"strong_password\"}"))
				.andExpect(status().isUnsupportedMediaType())
				.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
		}
		this.mvc
			.perform(delete("/users/me/").header("Authorization", this.alice)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{}"))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.errors[0].field").value("password"));
		then(this.loginService).should(never()).deleteAccount(any(), anyString(), any());
	}

	@Test
	void deleteAccountWithoutABodyThen422AndNothingDeleted() throws Exception {
		this.mvc.perform(delete("/users/me").header("Authorization", this.alice))
			.andExpect(status().isUnprocessableContent())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errors[0].field").value("body"))
			.andExpect(jsonPath("$.errors[0].message").value("is required"));
		then(this.loginService).should(never()).deleteAccount(any(), any(), any());
	}

	private org.springframework.test.web.servlet.RequestBuilder changePassword(String body) {
		return put("/users/me/password").header("Authorization", this.alice)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body);
	}

}
