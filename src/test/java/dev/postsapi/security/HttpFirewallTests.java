package dev.postsapi.security;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The firewall's header and parameter rules, checked by a loop, answer as Spring's own
 * do, and the firewall applies them.
 */
class HttpFirewallTests {

	@Test
	void isPrintableWhenAnyTextThenTheSameAnswerAsSpringsPatterns() {
		Random random = new Random(20261127);
		int[] interesting = { '\t', '\n', '\r', 0, 0x7f, 0x85, 0x9f, 0xa0, 'a', 'Z', '~', ' ', 0x378, 0xfffe, 0xd800,
				0xdc00, 0x1f600, 0x10ffff, 0xe000, 0x2028 };
		for (int i = 0; i < 20_000; i++) {
			StringBuilder text = new StringBuilder();
			int length = random.nextInt(6);
			for (int j = 0; j < length; j++) {
				text.appendCodePoint(random.nextBoolean() ? interesting[random.nextInt(interesting.length)]
						: random.nextInt(Character.MAX_CODE_POINT + 1));
			}
			String candidate = text.toString();
			assertThat(SecurityConfiguration.isPrintable(candidate, false)).as(candidate)
				.isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_NAMES.test(candidate));
			assertThat(SecurityConfiguration.isPrintable(candidate, true)).as(candidate)
				.isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(candidate));
		}
	}

	@Test
	void firewallWhenAHeaderValueIsUtf8OrLatin1ThenAllowed() {
		HttpFirewall firewall = SecurityConfiguration.httpFirewall();
		// Tomcat reads a header as ISO-8859-1: the apostrophe's last two bytes as C1
		// controls, the emoji's too; a Latin-1 client's single byte as itself
		for (String value : new String[] { asTomcatReadsIt("Alice\u2019s iPhone X\u0280 \uD83D\uDE00"),
				"Preu\u00df" }) {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/users/me");
			request.addHeader("User-Agent", value);
			assertThat(firewall.getFirewalledRequest(request).getHeader("User-Agent")).isEqualTo(value);
		}
	}

	/** Its UTF-8 bytes, one character each. */
	private static String asTomcatReadsIt(String text) {
		return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
	}

	@Test
	void firewallWhenAHeaderOrParameterNameHoldsAControlCharacterThenRefusedAndATabInAValueIsNot() {
		HttpFirewall firewall = SecurityConfiguration.httpFirewall();
		for (String value : new String[] { "a\u0085b", "a\u0000b", "a\u007fb", "a\u009fb" }) {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/users/me");
			request.addHeader("X-Test", value);
			assertThatExceptionOfType(RequestRejectedException.class)
				.isThrownBy(() -> firewall.getFirewalledRequest(request).getHeader("X-Test"));
		}
		MockHttpServletRequest badName = new MockHttpServletRequest("GET", "/users/me");
		badName.addHeader("X-\u0085", "a");
		assertThatExceptionOfType(RequestRejectedException.class)
			.isThrownBy(() -> firewall.getFirewalledRequest(badName).getHeaderNames().nextElement());
		MockHttpServletRequest badParameter = new MockHttpServletRequest("POST", "/login");
		badParameter.addParameter("user\u0000name", "alice");
		assertThatExceptionOfType(RequestRejectedException.class)
			.isThrownBy(() -> firewall.getFirewalledRequest(badParameter));
		// a control character sent as UTF-8 is one too
		MockHttpServletRequest utf8Control = new MockHttpServletRequest("GET", "/users/me");
		utf8Control.addHeader("X-Test", asTomcatReadsIt("a\u0085b"));
		assertThatExceptionOfType(RequestRejectedException.class)
			.isThrownBy(() -> firewall.getFirewalledRequest(utf8Control).getHeader("X-Test"));
		MockHttpServletRequest tab = new MockHttpServletRequest("GET", "/users/me");
		tab.addHeader("X-Test", "a\tb");
		assertThat(firewall.getFirewalledRequest(tab).getHeader("X-Test")).isEqualTo("a\tb");
	}

}
