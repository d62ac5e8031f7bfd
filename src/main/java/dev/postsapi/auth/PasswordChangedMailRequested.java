package dev.postsapi.auth;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A "your password was changed" mail to send after the change commits, to the address the
 * account had then, saying whether a reset made it (every session ended) or a logged-in
 * change (the changing session stays). Its text names no address: failures log it. Stored
 * before {@code reset} existed, an event has it null, and its mail says either.
 */
record PasswordChangedMailRequested(UUID mailId, String userId, String email, @Nullable Boolean reset) {

	static PasswordChangedMailRequested of(String userId, String email, boolean reset) {
		return new PasswordChangedMailRequested(UUID.randomUUID(), userId, email, reset);
	}

	@Override
	public String toString() {
		return "PasswordChangedMailRequested[mailId=" + this.mailId + ", userId=" + this.userId + "]";
	}

}
