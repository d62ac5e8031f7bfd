package dev.postsapi.config;

import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class JwtPropertiesTests {

	@Test
	void secretOf256BitsIsAccepted() {
		String secret = Base64.getEncoder().encodeToString(new byte[32]);
		assertThat(new JwtProperties(secret, Duration.ofMinutes(10)).secretBytes()).hasSize(32);
	}

	@Test
	void secretUnder256BitsStopsStartUpSayingWhy() {
		String secret = Base64.getEncoder().encodeToString(new byte[31]);
		assertThatIllegalArgumentException().isThrownBy(() -> new JwtProperties(secret, Duration.ofMinutes(10)))
			.withMessageContaining("AUTH_JWT_SECRET")
			.withMessageContaining("248 bits")
			.withMessageContaining("at least 256 bits");
	}

	@Test
	void secretThatIsNotBase64StopsStartUp() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new JwtProperties("not base64 at all!", Duration.ofMinutes(10)))
			.withMessageContaining("base64");
	}

	@Test
	void noSecretMeansGenerateOne() {
		assertThat(new JwtProperties(null, Duration.ofMinutes(10)).hasSecret()).isFalse();
		assertThat(new JwtProperties("  ", Duration.ofMinutes(10)).hasSecret()).isFalse();
	}

	@Test
	void nonPositiveLifetimeIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new JwtProperties(null, Duration.ZERO));
	}

}
