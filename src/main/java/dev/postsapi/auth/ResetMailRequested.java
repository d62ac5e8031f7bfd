package dev.postsapi.auth;

import java.util.UUID;

/**
 * A forgot-password request, stored with the request's transaction whether or not the
 * address is registered: the listener finds out, after the answer. {@code mailId} makes
 * it one mail however often it is handed to the listener.
 */
record ResetMailRequested(UUID mailId, String email) {

	static ResetMailRequested of(String email) {
		return new ResetMailRequested(UUID.randomUUID(), email);
	}

	@Override
	public String toString() {
		return "ResetMailRequested[mailId=" + this.mailId + "]";
	}

}
