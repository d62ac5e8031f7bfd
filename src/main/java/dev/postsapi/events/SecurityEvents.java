package dev.postsapi.events;

import java.sql.SQLException;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.postsapi.events.SecurityEventTable.Client;
import dev.postsapi.limits.ClientAddress;
import dev.postsapi.security.Caller;
import dev.postsapi.security.UserAgent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Each account's security events: recorded by the features that act, with the address and
 * user agent of the request being served, in the action's transaction; listed for their
 * owner (without those of another account's request: an admin's) and for admins; deleted
 * past their retention.
 */
@Service
public class SecurityEvents {

	private static final Logger log = LoggerFactory.getLogger(SecurityEvents.class);

	private static final int CLEANUP_BATCH = 10_000;

	private final SecurityEventTable events;

	private final SecurityEventsProperties properties;

	private final Map<SecurityEventType, Counter> stored = new EnumMap<>(SecurityEventType.class);

	private final Map<SecurityEventType, Counter> ofUnknownAccounts = new EnumMap<>(SecurityEventType.class);

	SecurityEvents(SecurityEventTable events, SecurityEventsProperties properties, MeterRegistry meters) {
		this.events = events;
		this.properties = properties;
		for (SecurityEventType type : SecurityEventType.values()) {
			this.stored.put(type, counter(meters, type, "known"));
			this.ofUnknownAccounts.put(type, counter(meters, type, "unknown"));
		}
	}

	/**
	 * Records that {@code type} happened to the account, in the transaction in progress
	 * (it commits or rolls back with the action), else at once; address and user agent
	 * are the current request's (the owner is not shown those of another account's, an
	 * admin's). A null {@code userId} (the action named no existing account) is only
	 * counted in the metrics, so guesses at names never grow the table.
	 */
	public void record(@Nullable String userId, SecurityEventType type, @Nullable UUID sessionId) {
		if (userId == null) {
			countAfterCommit(this.ofUnknownAccounts.get(type), 1);
			return;
		}
		try {
			this.events.insert(userId, type, sessionId, client(userId));
		}
		catch (DataIntegrityViolationException ex) {
			if (TransactionSynchronizationManager.isActualTransactionActive() || !isAccountGone(ex)) {
				throw ex;
			}
			// deleted since it was found (a failed login racing the deletion): as if it
			// never existed, so the answer stays the one an unknown name gets
			log.info("No {} event for {}: the account is gone", type.value(), userId);
			countAfterCommit(this.ofUnknownAccounts.get(type), 1);
			return;
		}
		countAfterCommit(this.stored.get(type), 1);
	}

	/** The user_id's foreign key (23503): no such account any more. */
	private static boolean isAccountGone(DataIntegrityViolationException ex) {
		return NestedExceptionUtils.getMostSpecificCause(ex) instanceof SQLException failure
				&& "23503".equals(failure.getSQLState());
	}

	/**
	 * Records that {@code type} happened to the account at a client's request served
	 * earlier, such as a mail sent after the answer.
	 */
	public void recordFrom(String userId, SecurityEventType type, @Nullable String address,
			@Nullable String userAgent) {
		this.events.insert(userId, type, null, new Client(address, userAgent, false));
		countAfterCommit(this.stored.get(type), 1);
	}

	/** The same for several sessions of one account (none: nothing), in one statement. */
	public void recordForSessions(String userId, SecurityEventType type, Collection<UUID> sessionIds) {
		if (sessionIds.isEmpty()) {
			return;
		}
		this.events.insertForSessions(userId, type, sessionIds, client(userId));
		countAfterCommit(this.stored.get(type), sessionIds.size());
	}

	/** A published {@link SecurityEvent}, recorded in its publisher's transaction. */
	@EventListener
	public void on(SecurityEvent event) {
		record(event.userId(), event.type(), event.sessionId());
	}

	List<SecurityEventResponse> listOfUser(String userId, int limit, int offset) {
		return this.events.listOfUser(userId, limit, offset);
	}

	List<AdminSecurityEventResponse> listAll(@Nullable String userId, @Nullable SecurityEventType type, int limit,
			int offset) {
		return this.events.listAll(userId, type, limit, offset);
	}

	/** Deletes events past the retention, batch by batch; instances skip each other's. */
	@Scheduled(fixedDelayString = "${auth.security-events.cleanup-interval:1h}", initialDelayString = "1m")
	int deleteExpired() {
		String retention = this.properties.retention().toString();
		int deleted = 0;
		int batch;
		do {
			batch = this.events.deleteOlderThan(retention, CLEANUP_BATCH);
			deleted += batch;
		}
		while (batch > 0);
		if (deleted > 0) {
			log.info("Deleted {} security events older than {}", deleted, this.properties.retention());
		}
		return deleted;
	}

	private static Counter counter(MeterRegistry meters, SecurityEventType type, String account) {
		return Counter.builder("auth.security.events")
			.description("Security events; those of unknown accounts (account=unknown) are counted, not stored")
			.tag("type", type.value())
			.tag("account", account)
			.register(meters);
	}

	/** Counted once the event is committed, so a rolled-back action counts nothing. */
	private static void countAfterCommit(Counter counter, int events) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					counter.increment(events);
				}

			});
		}
		else {
			counter.increment(events);
		}
	}

	/**
	 * The request being served: its address and user agent, and whether it was made for
	 * another account than {@code userId} (an admin acting on this one), whose owner is
	 * then not shown them.
	 */
	private static Client client(String userId) {
		HttpServletRequest request = currentRequest();
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		boolean anotherAccount = authentication != null && authentication.getPrincipal() instanceof Caller caller
				&& !caller.userId().equals(userId);
		return new Client(address(request), UserAgent.of(request), anotherAccount);
	}

	private static @Nullable HttpServletRequest currentRequest() {
		return (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)
				? attributes.getRequest() : null;
	}

	/** Only a parsed IP address: the peer, or behind trusted proxies their client. */
	private static @Nullable String address(@Nullable HttpServletRequest request) {
		return (request != null) ? ClientAddress.parsed(request.getRemoteAddr()) : null;
	}

}
