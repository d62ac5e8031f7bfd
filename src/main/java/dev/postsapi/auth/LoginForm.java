package dev.postsapi.auth;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.spi.group.DefaultGroupSequenceProvider;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.BindParam;

/**
 * The form of {@code POST /login}: the OAuth2 password grant, or its refresh-token grant
 * (RFC 6749, section 6) for stock OAuth2 clients. Which fields are required depends on
 * the grant. {@code scope} and the client fields that Swagger UI and the original's
 * clients send are accepted and ignored.
 */
@org.hibernate.validator.group.GroupSequenceProvider(LoginForm.RequiredByGrant.class)
public record LoginForm(
		@Schema(description = "password (the default) or refresh_token", example = "password", allowableValues = {
				"password", "refresh_token" }) @BindParam("grant_type") @Pattern(
						regexp = PASSWORD_GRANT + "|" + REFRESH_GRANT,
						message = "must be password or refresh_token") @Nullable String grantType,
		@Schema(description = "user_id or email (password grant)",
				example = "alice") @NotEmpty(groups = PasswordGrant.class) @Nullable String username,
		@Schema(format = "password", example = "strong_password",
				description = "password grant") @NotEmpty(groups = PasswordGrant.class) @Nullable String password,
		@Schema(description = "refresh_token grant") @BindParam("refresh_token") @NotEmpty(
				groups = RefreshGrant.class) @Nullable String refreshToken){

	static final String PASSWORD_GRANT = "password";

	static final String REFRESH_GRANT = "refresh_token";

	boolean isRefreshGrant() {
		return REFRESH_GRANT.equals(this.grantType);
	}

	@Override
	public String toString() {
		return "LoginForm[grantType=" + this.grantType + ", username=" + this.username + "]";
	}

	interface PasswordGrant {

	}

	interface RefreshGrant {

	}

	/** Validates the fields of the grant the form names, besides those every form has. */
	public static class RequiredByGrant implements DefaultGroupSequenceProvider<LoginForm> {

		@Override
		public List<Class<?>> getValidationGroups(Class<?> type, @Nullable LoginForm form) {
			Class<?> grant = (form != null && form.isRefreshGrant()) ? RefreshGrant.class : PasswordGrant.class;
			return List.of(LoginForm.class, grant);
		}

	}

}
