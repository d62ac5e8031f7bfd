package dev.postsapi.auth;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.spi.group.DefaultGroupSequenceProvider;
import org.jspecify.annotations.Nullable;

/**
 * The form of {@code POST /login}: the OAuth2 password grant, or its refresh-token grant
 * (RFC 6749, section 6) for stock OAuth2 clients. Which fields are required depends on
 * the grant. {@code scope} and the client fields that Swagger UI and the original's
 * clients send are accepted and ignored.
 * <p>
 * A JavaBean rather than a record on purpose, like {@code PostPage}: Spring MVC binds a
 * record through its constructor and re-parses the constructor's parameter annotations on
 * every request, which cost 30 % of the CPU of a refused login (BENCHMARKS.md); setters
 * are bound from cached metadata. The form's field names are the setters' names
 * ({@code setGrant_type} binds {@code grant_type}).
 */
@org.hibernate.validator.group.GroupSequenceProvider(LoginForm.RequiredByGrant.class)
public final class LoginForm {

	static final String PASSWORD_GRANT = "password";

	static final String REFRESH_GRANT = "refresh_token";

	@Schema(description = "password (the default) or refresh_token", example = "password",
			allowableValues = { "password", "refresh_token" })
	@Pattern(regexp = PASSWORD_GRANT + "|" + REFRESH_GRANT, message = "must be password or refresh_token")
	@JsonProperty("grant_type")
	private @Nullable String grantType;

	@Schema(description = "user_id or email (password grant)", example = "alice")
	@NotEmpty(groups = PasswordGrant.class)
	@JsonProperty("username")
	private @Nullable String username;

	@Schema(format = "password", example = "strong_password", description = "password grant")
	@NotEmpty(groups = PasswordGrant.class)
	@JsonProperty("password")
	private @Nullable String password;

	@Schema(description = "refresh_token grant")
	@NotEmpty(groups = RefreshGrant.class)
	@JsonProperty("refresh_token")
	private @Nullable String refreshToken;

	public LoginForm() {
	}

	public void setGrant_type(@Nullable String grantType) {
		this.grantType = grantType;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public void setRefresh_token(@Nullable String refreshToken) {
		this.refreshToken = refreshToken;
	}

	@Nullable String username() {
		return this.username;
	}

	@Nullable String password() {
		return this.password;
	}

	@Nullable String refreshToken() {
		return this.refreshToken;
	}

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
