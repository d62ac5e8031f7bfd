package dev.postsapi.user;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** The check on a real database runs at every integration test's start. */
class CaseFoldingCheckTests {

	@Test
	void startWhenTheDatabaseLowersIToAnotherLetterThenRefusedSayingWhy() {
		assertThatIllegalStateException().isThrownBy(() -> CaseFoldingCheck.require(false))
			.withMessageContaining("Turkish")
			.withMessageContaining("LC_COLLATE");
	}

	@Test
	void startWhenTheDatabaseLowersLikeEnglishThenNothing() {
		assertThatNoException().isThrownBy(() -> CaseFoldingCheck.require(true));
	}

}
