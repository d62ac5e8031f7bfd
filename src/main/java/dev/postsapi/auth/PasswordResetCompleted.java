package dev.postsapi.auth;

/** A reset link set a new password (published in the transaction that sets it). */
public record PasswordResetCompleted(String userId) {

}
