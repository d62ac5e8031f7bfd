package dev.postsapi.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import dev.postsapi.json.Storable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Where tokens come from: login with a password, and the exchange of a refresh token. */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Authentication")
class LoginController {

	/** The shape of a refresh token (32 random bytes, base64url), for the examples. */
	static final String REFRESH_TOKEN_EXAMPLE = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

	/** Tokens are credentials (RFC 6749, section 5.1). */
	private static final String NO_STORE = "no-store: no cache may keep the tokens";

	/** What only the body may carry (RFC 6749, section 2.3.1), never a logged URL. */
	private static final Set<String> CREDENTIALS = Set.of("username", "password", "refresh_token");

	/** The fields of the login and refresh forms. */
	private static final List<String> FIELDS = List.of("grant_type", "username", "password", "scope", "refresh_token");

	private final LoginService logins;

	private final SessionService sessions;

	LoginController(LoginService logins, SessionService sessions) {
		this.logins = logins;
		this.sessions = sessions;
	}

	@PostMapping(path = "/login",
			consumes = { MediaType.APPLICATION_FORM_URLENCODED_VALUE, MediaType.MULTIPART_FORM_DATA_VALUE })
	@Operation(operationId = "login", summary = "Log in (OAuth2 password grant), or refresh (refresh_token grant)",
			description = "Password grant: username (the user_id or the email) and password; opens a session. "
					+ "grant_type=refresh_token with refresh_token does what POST /token/refresh does.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
			schema = @Schema(implementation = LoginForm.class),
			examples = { @ExampleObject(name = "password", summary = "Password grant",
					description = "username is the user_id or the email; grant_type may be left out",
					value = "{\"grant_type\": \"password\", \"username\": \"alice\", \"password\": \"strong_password\"}"),
					@ExampleObject(name = "refresh_token", summary = "Refresh-token grant",
							description = "Does what POST /token/refresh does",
							value = "{\"grant_type\": \"refresh_token\", \"refresh_token\": \"" + REFRESH_TOKEN_EXAMPLE
									+ "\"}") }))
	@ApiResponse(responseCode = "200", description = "An access token and a refresh token",
			headers = @Header(name = HttpHeaders.CACHE_CONTROL, description = NO_STORE,
					schema = @Schema(type = "string")))
	@ApiResponse(responseCode = "400",
			description = "The request cannot be read; a credential is in the URL rather than the body; a field "
					+ "is given twice (\"error\": \"invalid_request\"); or, on "
					+ "the refresh_token grant, the refresh token is unknown, expired, used or revoked "
					+ "(\"error\": \"invalid_grant\", RFC 6749)")
	@ApiResponse(responseCode = "401", description = "Invalid credentials (the same answer for an unknown user)")
	@ApiResponse(responseCode = "403",
			description = "The right password, but the account is disabled (\"Account disabled\") or its e-mail "
					+ "address not verified while AUTH_REQUIRE_VERIFIED_EMAIL is on (\"Email not verified\"); on "
					+ "the refresh_token grant, that address not verified (\"Email not verified\"), the refresh "
					+ "token staying usable for once it is")
	@ApiResponse(responseCode = "415", description = "Not a form")
	@ApiResponse(responseCode = "422", description = "A field the grant needs is missing, or an unknown grant_type")
	@ApiResponse(responseCode = "429",
			description = "Too many failed logins for this username or from this address; Retry-After says when "
					+ "to try again (even the right password is refused until then)")
	ResponseEntity<TokenResponse> login(
			@Parameter(hidden = true) @RequestParam(name = "grant_type", required = false) @Pattern(regexp = "password",
					message = "must be password or refresh_token") String grantType,
			@Parameter(hidden = true) @RequestParam(required = false) @NotEmpty @Storable String username,
			@Parameter(hidden = true) @RequestParam(required = false) @NotEmpty @Storable String password,
			HttpServletRequest request) {
		return notToBeStored(this.logins.login(username, password, LoginClient.of(request)));
	}

	@PostMapping(path = "/login", params = "grant_type=refresh_token",
			consumes = { MediaType.APPLICATION_FORM_URLENCODED_VALUE, MediaType.MULTIPART_FORM_DATA_VALUE })
	@Operation(hidden = true)
	ResponseEntity<TokenResponse> refreshGrant(
			@RequestParam(name = "refresh_token", required = false) @NotEmpty @Storable String refreshToken,
			HttpServletRequest request) {
		try {
			return notToBeStored(this.sessions.refresh(refreshToken, LoginClient.of(request)));
		}
		catch (InvalidRefreshTokenException ex) {
			throw InvalidRefreshTokenException.invalidGrant();
		}
	}

	@PostMapping(path = "/token/refresh", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "refreshToken",
			summary = "Exchange a refresh token for a new access token and a new refresh token",
			description = "The presented refresh token stops working. Presenting it again revokes its whole "
					+ "session (it must have been stolen). Also takes the same field as a form.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
			examples = @ExampleObject(value = "{\"refresh_token\": \"" + REFRESH_TOKEN_EXAMPLE + "\"}")))
	@ApiResponse(responseCode = "200", description = "A new access token and a new refresh token",
			headers = @Header(name = HttpHeaders.CACHE_CONTROL, description = NO_STORE,
					schema = @Schema(type = "string")))
	@ApiResponse(responseCode = "401", description = "Unknown, expired, used or revoked refresh token")
	@ApiResponse(responseCode = "403",
			description = "The account's e-mail address is not verified while AUTH_REQUIRE_VERIFIED_EMAIL is on "
					+ "(\"Email not verified\"): a session opened before it was switched on. The refresh token "
					+ "stays usable for once the address is verified")
	@ApiResponse(responseCode = "422", description = "refresh_token missing")
	ResponseEntity<TokenResponse> refresh(@Valid @RequestBody RefreshRequest body, HttpServletRequest request) {
		return notToBeStored(this.sessions.refresh(body.refreshToken(), LoginClient.of(request)));
	}

	@PostMapping(path = "/token/refresh", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	@Operation(hidden = true)
	ResponseEntity<TokenResponse> refreshForm(@Valid @ModelAttribute RefreshRequest form, HttpServletRequest request) {
		return refresh(form, request);
	}

	/**
	 * Each of the form's fields at most once. A form's fields are read from the URL's
	 * query too: a password or token there would be kept by every log of URLs on the way,
	 * so it is refused (as the original, which read the body only, did).
	 */
	@ModelAttribute // run before any of the form's fields is bound and validated
	void requireFormFieldsInBodyOnce(HttpServletRequest request) {
		// two values would be bound as one, joined by a comma (RFC 6749, section 3.1)
		for (String field : FIELDS) {
			String[] values = request.getParameterValues(field);
			// "!name" too: Spring's field default, bound where "name" is missing
			String[] defaults = request.getParameterValues("!" + field);
			if ((values != null && values.length > 1) || (defaults != null && defaults.length > 1)) {
				ErrorResponseException repeated = new ErrorResponseException(HttpStatus.BAD_REQUEST);
				repeated.setDetail("The field " + field + " is given more than once");
				repeated.getBody().setProperty("error", "invalid_request");
				throw repeated;
			}
		}
		String query = request.getQueryString();
		if (query == null) {
			return;
		}
		for (String field : query.split("&")) {
			String name = field.split("=", 2)[0];
			try {
				name = URLDecoder.decode(name, StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				// not a name the form could be read by
			}
			// "!name" is Spring's field default, bound where "name" is missing
			if (CREDENTIALS.contains(name.startsWith("!") ? name.substring(1) : name)) {
				throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
						"Credentials go in the request body, never in the URL");
			}
		}
	}

	/** Tokens are credentials: no cache may keep the answer (RFC 6749, section 5.1). */
	private static ResponseEntity<TokenResponse> notToBeStored(TokenResponse tokens) {
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header("Pragma", "no-cache").body(tokens);
	}

}
