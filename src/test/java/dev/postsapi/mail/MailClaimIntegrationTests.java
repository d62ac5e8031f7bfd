package dev.postsapi.mail;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.postsapi.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A mail's event handed out again while its first listener is still talking to a slow
 * SMTP server (the registry's patience runs out first) fails at once, to be retried,
 * instead of parking a second mail thread and connection behind the first.
 */
@IntegrationTest
class MailClaimIntegrationTests {

	@Autowired
	Mailer mailer;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void claimWhenAnotherTransactionIsSendingTheMailThenFailsAtOnceAndItIsSentOnce() throws Exception {
		UUID mailId = UUID.randomUUID();
		CountDownLatch claimed = new CountDownLatch(1);
		CountDownLatch sent = new CountDownLatch(1);
		CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> this.transactions.execute(status -> {
			boolean mine = this.mailer.claim(mailId);
			claimed.countDown();
			// the SMTP exchange, for as long as the test keeps it
			await(sent);
			return mine;
		}));
		try {
			assertThat(claimed.await(30, TimeUnit.SECONDS)).isTrue();
			long started = System.nanoTime();
			assertThatExceptionOfType(Mailer.MailBeingSentException.class)
				.isThrownBy(() -> this.transactions.execute(status -> this.mailer.claim(mailId)));
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(2000);
		}
		finally {
			sent.countDown();
		}
		assertThat(first.get(30, TimeUnit.SECONDS)).isTrue();
		// handed out again after the first committed: sent, nothing more to do
		Boolean again = this.transactions.execute(status -> this.mailer.claim(mailId));
		assertThat(again).isFalse();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
