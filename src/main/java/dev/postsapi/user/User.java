package dev.postsapi.user;

import java.time.Instant;
import java.util.List;

import dev.postsapi.security.Role;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.hibernate.annotations.Generated;
import org.springframework.data.domain.Persistable;

/** A row of {@code users}; new by its own say: a taken user_id fails, never merges. */
@Entity
@Table(name = "users")
class User implements Persistable<String> {

	@Id
	@Column(name = "user_id")
	private String userId;

	@Column(nullable = false)
	private String email;

	@Column(name = "password", nullable = false)
	private String passwordHash;

	/** Set by the database, so every instance of the service agrees on the clock. */
	@Generated
	@Column(name = "created_at", insertable = false, updatable = false)
	private Instant createdAt;

	@Transient
	private boolean isNew;

	protected User() {
	}

	static User newUser(String userId, String email, String passwordHash) {
		User user = new User();
		user.userId = userId;
		user.email = email;
		user.passwordHash = passwordHash;
		user.isNew = true;
		return user;
	}

	@Override
	public String getId() {
		return userId;
	}

	@Override
	public boolean isNew() {
		return isNew;
	}

	/** The profile of a new account: a user, its e-mail not yet verified. */
	UserProfile toProfile() {
		return new UserProfile(userId, email, createdAt, Role.values(List.of(Role.USER)), false);
	}

}
