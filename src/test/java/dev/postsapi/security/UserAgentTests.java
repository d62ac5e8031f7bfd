package dev.postsapi.security;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** The User-Agent kept with a session or an event: as the client meant it, cut short. */
class UserAgentTests {

	@Test
	void ofWhenUtf8ThenReadAsUtf8AndWhenNotThenAsItCame() {
		assertThat(UserAgent.of(request(asTomcatReadsIt("Alice\u2019s iPhone X\u0280 \uD83D\uDE00"))))
			.isEqualTo("Alice\u2019s iPhone X\u0280 \uD83D\uDE00");
		// a Latin-1 client's single byte is no UTF-8
		assertThat(UserAgent.of(request("Preu\u00df/1.0"))).isEqualTo("Preu\u00df/1.0");
		assertThat(UserAgent.of(request("curl/8.5.0"))).isEqualTo("curl/8.5.0");
		assertThat(UserAgent.of(new MockHttpServletRequest())).isNull();
		assertThat(UserAgent.of(null)).isNull();
	}

	@Test
	void ofWhenItReordersTextOrBreaksLinesThenThoseCharactersReplaced() {
		assertThat(UserAgent.of(request(asTomcatReadsIt("App \u202Egnp.exe\u2028next \u2066x\u2069"))))
			.isEqualTo("App \uFFFDgnp.exe\uFFFDnext \uFFFDx\uFFFD");
	}

	@Test
	void ofWhenLongerThanKeptThenCutBetweenCharacters() {
		String ascii = "a".repeat(UserAgent.MAX_LENGTH + 10);
		assertThat(UserAgent.of(request(ascii))).isEqualTo(ascii.substring(0, UserAgent.MAX_LENGTH));
		// an emoji is two chars: the one across the cut goes whole
		String emojiAcrossTheCut = "a".repeat(UserAgent.MAX_LENGTH - 1) + "\uD83D\uDE00";
		assertThat(UserAgent.of(request(asTomcatReadsIt(emojiAcrossTheCut))))
			.isEqualTo("a".repeat(UserAgent.MAX_LENGTH - 1));
		String emojiBeforeTheCut = "a".repeat(UserAgent.MAX_LENGTH - 2) + "\uD83D\uDE00b";
		assertThat(UserAgent.of(request(asTomcatReadsIt(emojiBeforeTheCut))))
			.isEqualTo(emojiBeforeTheCut.substring(0, UserAgent.MAX_LENGTH));
	}

	private static MockHttpServletRequest request(String userAgent) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("User-Agent", userAgent);
		return request;
	}

	/** Its UTF-8 bytes, one character each, as Tomcat reads a header. */
	private static String asTomcatReadsIt(String text) {
		return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
	}

}
