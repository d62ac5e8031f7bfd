package dev.postsapi.mail;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The threads that send mail. Each send holds a database connection while it talks to
 * SMTP, so a burst of mails (or a backlog after an outage) waits in a queue for two
 * threads instead of taking the connections requests need.
 */
@Configuration(proxyBeanMethods = false)
public class MailSending {

	/** The executor of the mail listeners: {@code @Async(MailSending.EXECUTOR)}. */
	public static final String EXECUTOR = "mailSendingExecutor";

	@Bean(EXECUTOR)
	ThreadPoolTaskExecutor mailSendingExecutor() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(2);
		executor.setMaxPoolSize(2);
		executor.setThreadNamePrefix("mail-");
		// a send under way finishes; the queued ones stay in the registry for a retry
		executor.setWaitForTasksToCompleteOnShutdown(true);
		executor.setAwaitTerminationSeconds(15);
		return executor;
	}

}
