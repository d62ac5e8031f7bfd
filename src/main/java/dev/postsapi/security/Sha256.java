package dev.postsapi.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * SHA-256 of a string's UTF-8: what is stored of refresh tokens and limited usernames;
 * and its HMAC, for what is derived from a server key.
 */
public final class Sha256 {

	private Sha256() {
	}

	public static byte[] digest(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

	public static byte[] hmac(SecretKey key, String text) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(key);
			return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Every Java runtime has HMAC-SHA256", ex);
		}
	}

}
