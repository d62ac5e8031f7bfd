package dev.postsapi.auth;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.MediaType;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A way back for a user who forgot the password: a mailed link with a one-time token. */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Authentication")
class PasswordResetController {

	private final PasswordResetService resets;

	PasswordResetController(PasswordResetService resets) {
		this.resets = resets;
	}

	@PostMapping("/password/forgot")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(operationId = "forgotPassword", summary = "Ask for a password-reset link by mail",
			description = "The same answer, in about the same time, whether or not the address is registered. "
					+ "If it is, and its account is not disabled, a mail with a link to "
					+ "{AUTH_MAIL_LINK_BASE_URL}/reset-password#token=... goes to it after the answer (at most "
					+ "one a minute and five an hour per account; further requests are dropped silently). The "
					+ "token works once, for 30 minutes; a newer one voids the older.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(
			content = @Content(examples = @ExampleObject(value = "{\"email\": \"alice@example.com\"}")))
	@ApiResponse(responseCode = "202", description = "Recorded; a mail goes out if the address is registered")
	@ApiResponse(responseCode = "422", description = "email is missing or not an e-mail address")
	@ApiResponse(responseCode = "429",
			description = "Too many requests from this address; Retry-After says when to try again")
	ForgotPasswordResponse forgot(@Valid @RequestBody ForgotPasswordRequest body, HttpServletRequest request) {
		this.resets.requestReset(body.email(), LoginClient.of(request));
		return ForgotPasswordResponse.ACCEPTED;
	}

	// no body: also for a client accepting only problem details (generated Java)
	@PostMapping(path = "/password/reset",
			produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE })
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "resetPassword", summary = "Set a new password with the mailed token",
			description = "The token from the reset mail's link. On success every session of the account ends "
					+ "(log in with the new password), its failed logins are forgotten, and a \"your password "
					+ "was changed\" mail goes out.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(
			value = "{\"token\": \"q3Hd0y8Jw0f3x2Qyq1jv2m0b4r6YV8mJ3oK0mZc5hXA\", \"new_password\": \"a_new_strong_password\"}")))
	@ApiResponse(responseCode = "204", description = "The password is changed")
	@ApiResponse(responseCode = "400",
			description = "Invalid or expired token (the same for unknown, used, expired and malformed tokens)")
	@ApiResponse(responseCode = "422", description = "A field is missing, or new_password breaks the password rules")
	void reset(@Valid @RequestBody ResetPasswordRequest body, HttpServletRequest request) {
		this.resets.resetPassword(body.token(), body.newPassword(), LoginClient.of(request));
	}

}
