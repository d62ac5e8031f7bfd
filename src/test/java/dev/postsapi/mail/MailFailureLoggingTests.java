package dev.postsapi.mail;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class MailFailureLoggingTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					554 5.7.1 <bob@example.com>: Relay access denied       | 554 5.7.1 <address> Relay access denied
					452 4.2.2 bob@example.com mailbox full                  | 452 4.2.2 <address> mailbox full
					550 "john doe"@example.com unknown                      | 550 <address> unknown
					550 5.1.1 a@[192.0.2.1]: no such user                   | 550 5.1.1 <address> no such user
					Couldn't connect to host, port: smtp.example.com, 587   | Couldn't connect to host, port: smtp.example.com, 587
					""")
	void withoutAddressesWhenReplyNamesOneThenMaskedAndTheRestKept(String message, String logged) {
		assertThat(MailFailureLogging.withoutAddresses(message)).isEqualTo(logged);
	}

	@Test
	void handlerWhenTheMailIsBeingSentByAnotherTransactionThenOneWarningWithoutTheEvent(CapturedOutput output)
			throws Exception {
		UUID mailId = UUID.randomUUID();
		new MailFailureLogging().getAsyncUncaughtExceptionHandler()
			.handleUncaughtException(new Mailer.MailBeingSentException(mailId), Object.class.getMethod("toString"),
					"reset for bob@example.com");

		assertThat(output).contains("WARN")
			.contains("A mail was not sent (Mail " + mailId)
			.contains("(sent by Object.toString)");
		assertThat(output).doesNotContain("bob@example.com").doesNotContain("ERROR");
	}

}
