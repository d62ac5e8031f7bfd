package dev.postsapi.user;

/**
 * The account proved its e-mail address (published in the transaction that records it).
 */
public record EmailVerified(String userId) {

}
