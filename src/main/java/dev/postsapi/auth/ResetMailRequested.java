package dev.postsapi.auth;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A forgot-password request, stored with the request's transaction whether or not the
 * address is registered: the listener finds out, after the answer. {@code mailId} makes
 * it one mail however often it is handed to the listener; the client is the request's,
 * for the account's security event.
 */
record ResetMailRequested(UUID mailId, String email, @Nullable String clientAddress, @Nullable String userAgent) {

	static ResetMailRequested of(String email, LoginClient client) {
		return new ResetMailRequested(UUID.randomUUID(), email, client.address(), client.userAgent());
	}

	@Override
	public String toString() {
		return "ResetMailRequested[mailId=" + this.mailId + "]";
	}

}
