package dev.postsapi.user;

import java.util.UUID;

/**
 * A verification mail to send to the account, stored with the transaction that asks for
 * it and sent after it commits; {@code mailId} makes it one mail however often it is
 * handed to the listener.
 */
record VerificationMailRequested(UUID mailId, String userId) {

	static VerificationMailRequested of(String userId) {
		return new VerificationMailRequested(UUID.randomUUID(), userId);
	}

}
