package dev.postsapi.user;

/** Where an account's mail goes: its e-mail address as registered. */
public record MailRecipient(String userId, String email, boolean emailVerified) {

}
