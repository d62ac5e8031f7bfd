package dev.postsapi.user;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8LengthValidatorTests {

	record Secret(@Utf8Length(min = 8, max = 72) String value) {
	}

	private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

	@Test
	void isValidWhenMultiByteCharactersThenCountsBytes() {
		assertThat(validator.validate(new Secret("a".repeat(72)))).isEmpty();
		assertThat(validator.validate(new Secret("a".repeat(73)))).hasSize(1);
		// 24 three-byte characters are 72 bytes, 25 are 75
		assertThat(validator.validate(new Secret("€".repeat(24)))).isEmpty();
		assertThat(validator.validate(new Secret("€".repeat(25)))).singleElement()
			.satisfies(violation -> assertThat(violation.getMessage()).isEqualTo("must be 8 to 72 bytes in UTF-8"));
	}

	@Test
	void isValidWhenUnderMinimumThenInvalid() {
		assertThat(validator.validate(new Secret("1234567"))).hasSize(1);
		assertThat(validator.validate(new Secret("12345678"))).isEmpty();
	}

	@Test
	void isValidWhenNullThenLeftToNotNull() {
		assertThat(validator.validate(new Secret(null))).isEmpty();
	}

}
