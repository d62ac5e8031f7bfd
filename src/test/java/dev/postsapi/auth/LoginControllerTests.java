package dev.postsapi.auth;

import dev.postsapi.support.ControllerSliceTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.ArgumentMatchers.anyString;
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

	@Test
	void loginWhenCredentialsAcceptedThen200TokenNotToBeCached() throws Exception {
		given(this.loginService.login("alice", "strong_password")).willReturn(TokenResponse.bearer("a.b.c", 600));
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
		given(this.loginService.login("alice", "strong_password")).willReturn(TokenResponse.bearer("a.b.c", 600));
		this.mvc
			.perform(post("/login").header("Authorization", "Bearer stale")
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.content("username=alice&password=strong_password"))
			.andExpect(status().isOk());
	}

	@Test
	void loginWhenCredentialsRefusedThen401InvalidCredentialsWithBearerChallenge() throws Exception {
		given(this.loginService.login("alice", "wrong")).willThrow(new InvalidCredentialsException());
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
		then(this.loginService).should(never()).login(anyString(), anyString());
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
