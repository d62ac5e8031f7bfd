package dev.postsapi.security;

import java.util.Random;

import org.junit.jupiter.api.Test;

import org.springframework.security.web.firewall.StrictHttpFirewall;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The firewall's header and parameter rules, checked by a loop, answer as Spring's own
 * do.
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

}
