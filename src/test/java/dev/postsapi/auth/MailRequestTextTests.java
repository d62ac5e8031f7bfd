package dev.postsapi.auth;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A mail's event is logged when its listener fails: its text names no address. */
class MailRequestTextTests {

	@Test
	void passwordChangedMailNamesItsAccountNotItsAddress() {
		assertThat(PasswordChangedMailRequested.of("alice", "alice.smith@example.com", false).toString())
			.contains("userId=alice")
			.doesNotContain("@", "smith");
	}

	@Test
	void resetMailNamesNoAddress() {
		assertThat(new ResetMailRequested(UUID.randomUUID(), "alice.smith@example.com", "192.0.2.1", "curl").toString())
			.doesNotContain("@", "smith");
	}

}
