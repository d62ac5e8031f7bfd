package dev.postsapi.mail;

import java.util.Arrays;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.MailException;
import org.springframework.scheduling.annotation.AsyncConfigurer;

/**
 * A mail the SMTP server did not take is retried, not a bug: one warning line, without
 * the addresses in it, instead of the stack trace that Spring logs for a failed
 * {@code @Async} listener.
 */
@Configuration(proxyBeanMethods = false)
class MailFailureLogging implements AsyncConfigurer {

	private static final Logger log = LoggerFactory.getLogger(MailFailureLogging.class);

	/**
	 * Any word with an {@code @} in it (a quoted part with its spaces too): the SMTP
	 * server's reply, which the message holds, often names the recipient, and a retry
	 * logs it again every interval.
	 */
	private static final Pattern ADDRESS = Pattern.compile("\"[^\"]*\"@\\S*|\\S*@\\S*");

	@Override
	public AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
		return (ex, method, params) -> {
			if (ex instanceof MailException) {
				// which mail it was by its listener: the event names the recipient
				log.warn("A mail was not sent ({}); it is retried every AUTH_MAIL_RETRY_INTERVAL (sent by {}.{})",
						withoutAddresses(ex.getMessage()), method.getDeclaringClass().getSimpleName(),
						method.getName());
			}
			else {
				log.error("{} failed for {}", method, Arrays.toString(params), ex);
			}
		};
	}

	static String withoutAddresses(@Nullable String message) {
		return ADDRESS.matcher(String.valueOf(message)).replaceAll("<address>");
	}

}
