package dev.postsapi.auth;

/**
 * A reset link went to the account (published in the transaction that sends it; not for
 * requests naming an unknown address, nor those dropped by the one-a-minute cap).
 */
public record PasswordResetRequested(String userId) {

}
