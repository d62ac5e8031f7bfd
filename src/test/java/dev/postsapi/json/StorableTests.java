package dev.postsapi.json;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the database can keep: any text but NUL and halves of surrogate pairs. */
class StorableTests {

	@Test
	void isStorableWhenNulOrUnpairedSurrogateThenFalse() {
		for (String text : new String[] { "\u0000", "a\u0000b", "\ud800", "a\ud800b", "ab\ud800", "\udc00", "a\udc00b",
				"\udc00\ud800", "\ud83d\ude00\ud83d" }) {
			assertThat(Storable.Validator.isStorable(text)).as(text).isFalse();
		}
	}

	@Test
	void isStorableWhenPairedSurrogatesControlsOrEmptyThenTrue() {
		for (String text : new String[] { "", "abc", "\ud83d\ude00", "a\ud83d\ude00b\ud83d\ude00", "\u0001\u001f\u007f",
				"\u200b\u2028\ufeff", "é中" }) {
			assertThat(Storable.Validator.isStorable(text)).as(text).isTrue();
		}
		assertThat(Storable.Validator.isStorable(null)).isTrue();
	}

}
