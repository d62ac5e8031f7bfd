package dev.postsapi.user;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The first admin ({@code AUTH_BOOTSTRAP_ADMIN_USER_ID}, {@code _EMAIL},
 * {@code _PASSWORD}), made at start-up while no admin exists.
 */
@ConfigurationProperties(prefix = "auth.bootstrap-admin", ignoreUnknownFields = false)
public record BootstrapAdminProperties(@Nullable String userId, @Nullable String email, @Nullable String password) {

	@Override
	public String toString() {
		return "BootstrapAdminProperties[userId=" + this.userId + ", email=" + this.email + "]";
	}

}
