package dev.postsapi.security;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * A client's User-Agent as its sessions and security events keep it: as the client meant
 * it. Tomcat reads every header as ISO-8859-1, while clients send UTF-8 (an iPhone's
 * name, "Alice’s iPhone Xʀ"), whose bytes after a character's first then read as C1
 * controls.
 */
public final class UserAgent {

	/** The most of it kept: enough for any real one. */
	public static final int MAX_LENGTH = 512;

	private UserAgent() {
	}

	/**
	 * Read as UTF-8 where it is that, else as it came; cut to the first 512 characters.
	 */
	public static @Nullable String of(@Nullable HttpServletRequest request) {
		String header = (request != null) ? request.getHeader(HttpHeaders.USER_AGENT) : null;
		if (header == null) {
			return null;
		}
		String utf8 = utf8(header);
		String text = (utf8 != null) ? withoutReordering(utf8) : header;
		if (text.length() <= MAX_LENGTH) {
			return text;
		}
		// not half a character (an emoji is two chars)
		return text.substring(0, Character.isHighSurrogate(text.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1 : MAX_LENGTH);
	}

	/**
	 * Bidirectional controls and line separators as U+FFFD: shown to the account's owner,
	 * "App " then U+202E then "gnp.exe" would read "App exe.png".
	 */
	private static String withoutReordering(String text) {
		char[] chars = text.toCharArray();
		for (int i = 0; i < chars.length; i++) {
			char c = chars[i];
			if (c == '\u061C' || c == '\u200E' || c == '\u200F' || (c >= '\u2028' && c <= '\u202E')
					|| (c >= '\u2066' && c <= '\u2069')) {
				chars[i] = '\uFFFD';
			}
		}
		return new String(chars);
	}

	/**
	 * A header's value read as UTF-8, or null where its bytes are not UTF-8 (Latin-1's
	 * single bytes, say).
	 */
	static @Nullable String utf8(String headerValue) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.decode(ByteBuffer.wrap(headerValue.getBytes(StandardCharsets.ISO_8859_1)))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

}
