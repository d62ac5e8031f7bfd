package dev.postsapi.user;

import java.net.URI;

import dev.postsapi.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.MediaType;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.util.UriComponentsBuilder;

@RestController
@RequestMapping(path = "/users", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Users")
class UserController {

	private final UserService userService;

	UserController(UserService userService) {
		this.userService = userService;
	}

	@PostMapping
	@Operation(operationId = "registerUser", summary = "Register a user",
			description = "Opens an account to log in with at POST /login. user_id is 3 to 32 characters of "
					+ "A-Z a-z 0-9 _ . - and unique; email is a valid address of at most 254 characters, unique "
					+ "ignoring case; password is 8 to 72 bytes in UTF-8 (longer is refused, never cut). Unknown "
					+ "fields are ignored. The answer never contains the password.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(
			value = "{\"user_id\": \"alice\", \"email\": \"alice@example.com\", \"password\": \"strong_password\"}")))
	@ApiResponse(responseCode = "201", description = "Registered; Location names the user")
	@ApiResponse(responseCode = "409", description = "user_id or email already taken, each ignoring case")
	@ApiResponse(responseCode = "422", description = "Validation failed")
	@ApiResponse(responseCode = "429",
			description = "Too many registrations from this address; Retry-After says when to try again")
	ResponseEntity<UserProfile> register(@Valid @RequestBody RegisterUserRequest request,
			HttpServletRequest servletRequest) {
		UserProfile user = this.userService.register(request, servletRequest.getRemoteAddr());
		URI location = UriComponentsBuilder.fromPath("/users/{userId}").buildAndExpand(user.userId()).toUri();
		return ResponseEntity.created(location).body(user);
	}

	@GetMapping("/me")
	@Operation(operationId = "getCurrentUser", summary = "The caller's profile",
			description = "The user the bearer token speaks for: user_id, email and when the account was created.")
	@ApiResponse(responseCode = "200", description = "The caller's profile")
	UserProfile me(@AuthenticationPrincipal Caller caller) {
		// its sessions go with a deleted account, so the session check found it a
		// moment ago
		return this.userService.findProfile(caller.userId())
			.orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND));
	}

}
