package dev.postsapi.events;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** What happened to an account; over HTTP and in the database, the lower-case name. */
public enum SecurityEventType {

	LOGIN_SUCCEEDED, LOGIN_FAILED, LOGIN_THROTTLED, LOGOUT, SESSION_REVOKED, REFRESH_TOKEN_REUSE_DETECTED,
	PASSWORD_CHANGED, PASSWORD_RESET_REQUESTED, PASSWORD_RESET_COMPLETED, EMAIL_VERIFIED, ACCOUNT_DISABLED,
	ACCOUNT_ENABLED, ROLES_CHANGED;

	/**
	 * Every value, or empty (no filter), for the {@code type} filter's validation (a test
	 * keeps it complete).
	 */
	static final String PATTERN_OR_EMPTY = "^(|" + SecurityEventType.VALUES + ")$";

	private static final String VALUES = "login_succeeded|login_failed|login_throttled|logout|session_revoked"
			+ "|refresh_token_reuse_detected|password_changed|password_reset_requested|password_reset_completed"
			+ "|email_verified|account_disabled|account_enabled|roles_changed";

	private final String value = name().toLowerCase(Locale.ROOT);

	@JsonValue
	public String value() {
		return this.value;
	}

	static SecurityEventType of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
