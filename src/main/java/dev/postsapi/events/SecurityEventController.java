package dev.postsapi.events;

import java.util.List;

import dev.postsapi.json.Storable;
import dev.postsapi.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.CodePointLength;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Security events")
class SecurityEventController {

	private final SecurityEvents events;

	SecurityEventController(SecurityEvents events) {
		this.events = events;
	}

	@GetMapping("/users/me/security-events")
	@Operation(operationId = "listOwnSecurityEvents", summary = "The caller's security events, newest first",
			description = "limit (1 to 1000, default 100) events after skipping offset (default 0). Kept 90 days "
					+ "by default. Failed logins are listed as long as they stay below the brute-force limits; past "
					+ "them, one login_throttled per account and limit window stands for every refused attempt.")
	@ApiResponse(responseCode = "200", description = "A page of the caller's security events")
	@ApiResponse(responseCode = "422", description = "limit or offset out of range")
	List<SecurityEventResponse> listOwn(@AuthenticationPrincipal Caller caller,
			@Parameter(description = "Page size, 1 to 1000") @RequestParam(
					defaultValue = "100") @Min(1) @Max(1000) int limit,
			@Parameter(description = "Events to skip") @RequestParam(defaultValue = "0") @Min(0) int offset) {
		return this.events.listOfUser(caller.userId(), limit, offset);
	}

	@GetMapping("/admin/security-events")
	@Operation(operationId = "listSecurityEvents", summary = "Every account's security events, newest first (admin)",
			description = "The same as GET /users/me/security-events, with user_id, for every account; user_id "
					+ "and type keep only one account's or one type's events (an unknown user_id: none; an empty "
					+ "one, or an empty type, no filter).")
	@ApiResponse(responseCode = "200", description = "A page of security events")
	@ApiResponse(responseCode = "403", description = "The caller is not an admin")
	@ApiResponse(responseCode = "422", description = "limit, offset, user_id or type invalid")
	List<AdminSecurityEventResponse> listAll(
			@Parameter(description = "Only this account's events", schema = @Schema(maxLength = 32)) @RequestParam(
					name = "user_id", required = false) @CodePointLength(max = 32,
							message = "must be at most 32 characters") @Storable @Nullable String userId,
			@Parameter(description = "Only events of this type", schema = @Schema(
					implementation = SecurityEventType.class)) @RequestParam(required = false) @Pattern(
							regexp = SecurityEventType.PATTERN_OR_EMPTY,
							message = "must be a security event type, such as login_failed") @Nullable String type,
			@Parameter(description = "Page size, 1 to 1000") @RequestParam(
					defaultValue = "100") @Min(1) @Max(1000) int limit,
			@Parameter(description = "Events to skip") @RequestParam(defaultValue = "0") @Min(0) int offset) {
		// empty is absent, as limit, offset and the admin's user search take it
		return this.events.listAll((userId == null || userId.isEmpty()) ? null : userId,
				(type == null || type.isEmpty()) ? null : SecurityEventType.of(type), limit, offset);
	}

}
