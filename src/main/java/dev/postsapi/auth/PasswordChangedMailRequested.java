package dev.postsapi.auth;

import java.util.UUID;

/** A "your password was changed" mail to send after the change commits. */
record PasswordChangedMailRequested(UUID mailId, String userId) {

	static PasswordChangedMailRequested of(String userId) {
		return new PasswordChangedMailRequested(UUID.randomUUID(), userId);
	}

}
