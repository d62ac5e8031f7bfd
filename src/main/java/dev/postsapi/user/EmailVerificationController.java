package dev.postsapi.user;

import dev.postsapi.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.http.MediaType;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Users")
class EmailVerificationController {

	private final EmailVerificationService verification;

	EmailVerificationController(EmailVerificationService verification) {
		this.verification = verification;
	}

	// no body: also for a client accepting only problem details (generated Java)
	@PostMapping(path = "/users/me/email-verification",
			produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE })
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(operationId = "requestEmailVerification", summary = "Send a new verification mail",
			description = "A mail with a link to {AUTH_MAIL_LINK_BASE_URL}/verify-email#token=... goes to the "
					+ "caller's address after the answer (none if the address is verified already, at most five "
					+ "a day). Registration sends the first one.")
	@SecurityRequirement(name = "oauth2")
	@ApiResponse(responseCode = "202", description = "The mail will be sent")
	void requestMail(@AuthenticationPrincipal Caller caller) {
		this.verification.requestMail(caller.userId());
	}

	@PostMapping(path = "/email/verify",
			produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE })
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "verifyEmail", summary = "Prove the e-mail address with the mailed token",
			description = "The token from the verification mail's link (valid 24 hours, once): the account's "
					+ "email_verified becomes true.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
			examples = @ExampleObject(value = "{\"token\": \"q3Hd0y8Jw0f3x2Qyq1jv2m0b4r6YV8mJ3oK0mZc5hXA\"}")))
	@ApiResponse(responseCode = "204", description = "Verified")
	@ApiResponse(responseCode = "400", description = "Invalid or expired token (unknown, used, expired or malformed)")
	@ApiResponse(responseCode = "422", description = "token is missing or not a string")
	void verify(@Valid @RequestBody TokenRequest request) {
		this.verification.verify(request.token());
	}

}
