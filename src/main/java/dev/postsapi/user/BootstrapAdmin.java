package dev.postsapi.user;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Makes the first admin at start-up while no admin exists, as Keycloak's bootstrap admin
 * ({@link UserService#bootstrapAdmin}). It runs before the server takes requests (not as
 * an {@code ApplicationRunner}, which runs once it does): else a registration of the
 * bootstrap user_id slipped in first would be the account promoted.
 */
@Component
class BootstrapAdmin implements SmartInitializingSingleton {

	private final BootstrapAdminProperties properties;

	private final UserService users;

	BootstrapAdmin(BootstrapAdminProperties properties, UserService users) {
		this.properties = properties;
		this.users = users;
	}

	@Override
	public void afterSingletonsInstantiated() {
		String userId = this.properties.userId();
		if (userId != null && !userId.isBlank()) {
			this.users.bootstrapAdmin(userId, this.properties.email(), this.properties.password());
		}
	}

}
