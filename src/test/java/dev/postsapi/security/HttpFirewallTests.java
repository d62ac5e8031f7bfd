package dev.postsapi.security;

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
		MockHttpServletRequest tab = new MockHttpServletRequest("GET", "/users/me");
		tab.addHeader("X-Test", "a\tb");
		assertThat(firewall.getFirewalledRequest(tab).getHeader("X-Test")).isEqualTo("a\tb");
	}

}
