package dev.postsapi.user;

import dev.postsapi.mail.MailAddress;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The first admin ({@code AUTH_BOOTSTRAP_ADMIN_USER_ID}, {@code _EMAIL},
 * {@code _PASSWORD}), made at start-up while no admin exists.
 */
@ConfigurationProperties(prefix = "auth.bootstrap-admin", ignoreUnknownFields = false)
@Validated
public record BootstrapAdminProperties(@Nullable String userId,
		@Nullable @MailAddress(message = "must be a valid e-mail address (AUTH_BOOTSTRAP_ADMIN_EMAIL)") String email,
		@Nullable String password) {

	@Override
	public String toString() {
		return "BootstrapAdminProperties[userId=" + this.userId + ", email=" + this.email + "]";
	}

}
