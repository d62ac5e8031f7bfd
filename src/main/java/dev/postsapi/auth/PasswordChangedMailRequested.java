package dev.postsapi.auth;

import java.util.UUID;

/**
 * A "your password was changed" mail to send after the change commits, to the address the
 * account had then. Its text names no address: failures log it.
 */
record PasswordChangedMailRequested(UUID mailId, String userId, String email) {

	static PasswordChangedMailRequested of(String userId, String email) {
		return new PasswordChangedMailRequested(UUID.randomUUID(), userId, email);
	}

	@Override
	public String toString() {
		return "PasswordChangedMailRequested[mailId=" + this.mailId + ", userId=" + this.userId + "]";
	}

}
