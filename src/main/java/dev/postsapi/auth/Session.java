package dev.postsapi.auth;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of {@code sessions}: one login, with its refresh tokens. Every change is one
 * conditional statement of {@link SessionRepository} or {@link SessionStatements}, so the
 * entity holds only its key.
 */
@Entity
@Table(name = "sessions")
class Session {

	@Id
	@Column(name = "session_id")
	private UUID sessionId;

	protected Session() {
	}

}
