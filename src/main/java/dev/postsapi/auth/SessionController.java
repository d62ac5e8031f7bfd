package dev.postsapi.auth;

import java.util.List;
import java.util.UUID;

import dev.postsapi.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's sessions and account: seeing and ending sessions one by one, logging out,
 * here or everywhere, changing the password, deleting the account.
 */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Authentication")
class SessionController {

	private final SessionService sessions;

	private final LoginService logins;

	SessionController(SessionService sessions, LoginService logins) {
		this.sessions = sessions;
		this.logins = logins;
	}

	// no body: also for a client accepting only problem details (generated Java)
	@PostMapping(path = "/logout",
			produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE })
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "logout", summary = "Log out: the caller's session ends on every instance at once",
			description = "Its access token is refused from the next request on and its refresh token no longer "
					+ "exchanges. The optional body names a refresh token of the caller's whose session ends too.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(
			value = "{\"refresh_token\": \"" + LoginController.REFRESH_TOKEN_EXAMPLE + "\"}")))
	@ApiResponse(responseCode = "204", description = "Logged out")
	void logout(@AuthenticationPrincipal Caller caller, @RequestBody(required = false) @Nullable LogoutRequest body) {
		this.sessions.logout(caller, (body != null) ? body.refreshToken() : null);
	}

	@PostMapping(path = "/logout/all",
			produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE })
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "logoutEverywhere", summary = "Log out everywhere: every session of the caller ends",
			description = "Every access token and refresh token of the caller's sessions, this one's included, "
					+ "is refused from the next request on, on every instance. Log in again to continue.")
	@ApiResponse(responseCode = "204", description = "Every session ended, this one included")
	void logoutEverywhere(@AuthenticationPrincipal Caller caller) {
		this.sessions.logoutEverywhere(caller);
	}

	@PutMapping(path = "/users/me/password",
			produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE })
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "changePassword", summary = "Change the caller's password",
			description = "Every other session of the caller ends; this one lives on.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(
			value = "{\"current_password\": \"strong_password\", \"new_password\": \"an_even_stronger_password\"}")))
	@ApiResponse(responseCode = "204", description = "Changed")
	@ApiResponse(responseCode = "403", description = "current_password is wrong")
	@ApiResponse(responseCode = "422", description = "A field is missing, or new_password breaks the password rules")
	@ApiResponse(responseCode = "429", description = "Too many wrong passwords; Retry-After says when to try again")
	void changePassword(@AuthenticationPrincipal Caller caller, @Valid @RequestBody PasswordChangeRequest body,
			HttpServletRequest request) {
		this.logins.changePassword(caller, body.currentPassword(), body.newPassword(), LoginClient.of(request));
	}

	@GetMapping("/users/me/sessions")
	@Operation(operationId = "listSessions", summary = "The caller's live sessions (devices), most recently used first",
			description = "One per login not yet ended. last_used_at is the last login or refresh (not every "
					+ "request); current marks the session of the calling token.")
	@ApiResponse(responseCode = "200", description = "The sessions")
	List<DeviceSession> listSessions(@AuthenticationPrincipal Caller caller) {
		return this.sessions.liveSessions(caller);
	}

	@DeleteMapping(path = "/users/me/sessions/{session_id}",
			produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE })
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "endSession", summary = "End one of the caller's sessions (log a device out)",
			description = "Its access token is refused from the next request on, on every instance, and its refresh "
					+ "token no longer exchanges. The caller's own session may be ended too.")
	@ApiResponse(responseCode = "204", description = "Ended")
	@ApiResponse(responseCode = "404",
			description = "No live session of the caller has this id (another user's, unknown or already ended)")
	@ApiResponse(responseCode = "422", description = "session_id is not a UUID")
	void endSession(@AuthenticationPrincipal Caller caller, @PathVariable("session_id") UUID sessionId) {
		this.sessions.endSession(caller, sessionId);
	}

	// consumes: Spring refuses another content type with a 415 only for POST, PUT and
	// PATCH by itself; a DELETE's was read as no body. No body at all (some clients and
	// proxies drop a DELETE's) is a 422, as the original's FastAPI answered it
	@DeleteMapping(path = "/users/me", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE })
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "deleteCurrentUser", summary = "Delete the caller's account",
			description = "Needs the password. The account, its posts, its votes and the votes on its posts are "
					+ "deleted together, and every token of it is refused from the next request on, on every "
					+ "instance. The user_id and email can then be registered again. The last enabled admin cannot "
					+ "delete their account: another admin must be made first.")
	// required in the document all the same: a client is to send it
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
			content = @Content(examples = @ExampleObject(value = "{\"password\": \"strong_password\"}")))
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiResponse(responseCode = "403", description = "The password is wrong")
	@ApiResponse(responseCode = "409", description = "The caller is the last enabled admin")
	@ApiResponse(responseCode = "422", description = "password is missing, or the body is")
	@ApiResponse(responseCode = "429", description = "Too many wrong passwords; Retry-After says when to try again")
	void deleteAccount(@AuthenticationPrincipal Caller caller,
			@Valid @RequestBody(required = false) @NotNull(message = "is required") AccountDeletionRequest body,
			HttpServletRequest request) {
		this.logins.deleteAccount(caller, body.password(), LoginClient.of(request));
	}

}
