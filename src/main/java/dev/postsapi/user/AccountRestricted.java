package dev.postsapi.user;

/**
 * An account was disabled or lost a role: its sessions must end at once. Published in the
 * transaction that restricts it, so they end with it.
 */
public record AccountRestricted(String userId) {
}
