package dev.postsapi.mail;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class MailerTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "none", textBlock = """
			550 5.1.1 <bob@example.com>: Recipient address rejected | 550 5.1.1
			551 5.1.6 User has moved                                 | 551 5.1.6
			553 mailbox name not allowed                             | 553
			550 No such user here                                    | 550
			550-5.1.1 The email account does not exist               | 550-5.1.1
			550 5.7.1 Relaying denied                                | none
			554 5.7.1 Relay access denied                            | none
			530 5.7.0 Authentication required                        | none
			553 sorry, that domain is not in my list of allowed rcpthosts (#5.7.1) | none
			550 Relaying denied (5.7.1)                              | none
			550 Mailbox unavailable (connecting host 192.5.7.10)     | 550
			452 4.2.2 Mailbox full                                   | none
			450 4.1.1 Try again later                                | none
			5501 odd                                                 | none
			""")
	void addressRefusalWhenReplyThenOnlyPermanentRefusalsOfTheAddressCount(String reply, String status) {
		assertThat(Mailer.addressRefusal(reply)).isEqualTo(status);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			PT30M   | 30 minutes
			PT24H   | 24 hours
			PT1H    | 1 hour
			PT1M    | 1 minute
			PT90M   | 90 minutes
			PT5S    | 5 seconds
			PT1S    | 1 second
			PT1M30S | 90 seconds
			""")
	void lifetimeThenInTheLargestUnitThatCountsItWhole(Duration lifetime, String text) {
		assertThat(Mailer.lifetime(lifetime)).isEqualTo(text);
	}

}
