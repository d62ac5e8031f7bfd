package dev.postsapi.user;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of {@code account_tokens}: a one-time token sent by mail, kept as its SHA-256.
 * Issued and used only by {@link AccountTokenRepository}'s single statements.
 */
@Entity
@Table(name = "account_tokens")
class AccountToken {

	@Id
	@Column(name = "token_hash")
	private byte[] tokenHash;

	protected AccountToken() {
	}

}
