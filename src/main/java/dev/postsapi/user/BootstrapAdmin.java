package dev.postsapi.user;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Makes the first admin at start-up while no admin exists, as Keycloak's bootstrap admin
 * ({@link UserService#bootstrapAdmin}).
 */
@Component
class BootstrapAdmin implements ApplicationRunner {

	private final BootstrapAdminProperties properties;

	private final UserService users;

	BootstrapAdmin(BootstrapAdminProperties properties, UserService users) {
		this.properties = properties;
		this.users = users;
	}

	@Override
	public void run(ApplicationArguments args) {
		String userId = this.properties.userId();
		if (userId != null && !userId.isBlank()) {
			this.users.bootstrapAdmin(userId, this.properties.email(), this.properties.password());
		}
	}

}
