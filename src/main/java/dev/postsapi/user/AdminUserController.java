package dev.postsapi.user;

import java.util.List;

import dev.postsapi.json.Storable;
import dev.postsapi.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.CodePointLength;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Accounts as admins manage them; the security chain lets only admins in. */
@RestController
@RequestMapping(path = "/admin/users", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Administration", description = "Admin only: every other caller gets a 403")
class AdminUserController {

	private final UserService users;

	AdminUserController(UserService users) {
		this.users = users;
	}

	@GetMapping
	@Operation(operationId = "listUsers", summary = "Every account, oldest first (admin only)",
			description = "A page of accounts: limit (1 to 1000, default 100) after skipping offset (default 0). "
					+ "search keeps the accounts whose user_id or email contains it, ignoring case.")
	@ApiResponse(responseCode = "200", description = "A page of accounts")
	@ApiResponse(responseCode = "403", description = "The caller is not an admin")
	@ApiResponse(responseCode = "422", description = "limit, offset or search out of range")
	List<UserAccount> list(
			@Parameter(description = "Page size, 1 to 1000") @RequestParam(
					defaultValue = "100") @Min(1) @Max(1000) int limit,
			@Parameter(description = "Accounts to skip") @RequestParam(defaultValue = "0") @Min(0) int offset,
			@Parameter(description = "Only accounts whose user_id or email contains this, ignoring case",
					schema = @Schema(maxLength = 254)) @RequestParam(required = false) @CodePointLength(max = 254,
							message = "must be at most 254 characters") @Storable @Nullable String search) {
		return this.users.listAccounts(limit, offset, search);
	}

	@PatchMapping("/{user_id}")
	@Operation(operationId = "updateUser", summary = "Disable, enable or change the roles of an account (admin only)",
			description = "Give disabled, roles or both (neither changes nothing). Disabling the account or taking a role away ends every "
					+ "session of it at once, on every instance. Admins cannot disable or demote themselves.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
			@ExampleObject(name = "promote", summary = "Make a moderator",
					value = "{\"roles\": [\"user\", \"moderator\"]}"),
			@ExampleObject(name = "disable", summary = "Disable the account", value = "{\"disabled\": true}") }))
	@ApiResponse(responseCode = "200", description = "The account as it is now")
	@ApiResponse(responseCode = "403", description = "The caller is not an admin")
	@ApiResponse(responseCode = "404", description = "No such user")
	@ApiResponse(responseCode = "409", description = "An admin's own account, or the last admin")
	@ApiResponse(responseCode = "422", description = "An unknown role, or a role twice")
	UserAccount update(@AuthenticationPrincipal Caller caller, @PathVariable("user_id") @AccountUserId String userId,
			@Valid @RequestBody AccountChangeRequest change) {
		return this.users.changeAccount(caller, userId, change.disabled(), change.roles());
	}

	// no body: also for a client accepting only problem details (generated Java)
	@DeleteMapping(path = "/{user_id}",
			produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE })
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "deleteUser", summary = "Delete an account (admin only)",
			description = "As DELETE /users/me: the account, its posts, its votes and the votes on its posts go, "
					+ "and its tokens are refused from the next request on. Its user_id and email can be "
					+ "registered again. An admin's own account is deleted with DELETE /users/me.")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiResponse(responseCode = "403", description = "The caller is not an admin")
	@ApiResponse(responseCode = "404", description = "No such user")
	@ApiResponse(responseCode = "409", description = "The caller's own account")
	void delete(@AuthenticationPrincipal Caller caller, @PathVariable("user_id") @AccountUserId String userId) {
		this.users.deleteAccountAsAdmin(caller, userId);
	}

}
