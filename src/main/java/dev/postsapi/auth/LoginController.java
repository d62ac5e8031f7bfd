package dev.postsapi.auth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Authentication")
class LoginController {

	private final LoginService loginService;

	LoginController(LoginService loginService) {
		this.loginService = loginService;
	}

	@PostMapping(path = "/login",
			consumes = { MediaType.APPLICATION_FORM_URLENCODED_VALUE, MediaType.MULTIPART_FORM_DATA_VALUE })
	@Operation(summary = "Log in (OAuth2 password flow)", description = "username is the user_id or the email")
	@ApiResponse(responseCode = "200", description = "An access token")
	@ApiResponse(responseCode = "401", description = "Invalid credentials (the same answer for an unknown user)")
	@ApiResponse(responseCode = "415", description = "Not a form")
	@ApiResponse(responseCode = "422", description = "username or password missing")
	ResponseEntity<TokenResponse> login(@Valid @ModelAttribute LoginForm form) {
		TokenResponse token = loginService.login(form.username(), form.password());
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header("Pragma", "no-cache").body(token);
	}

}
