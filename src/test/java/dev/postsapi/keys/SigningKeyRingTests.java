package dev.postsapi.keys;

import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import dev.postsapi.keys.SigningKeyService.KeyMaterial;
import dev.postsapi.keys.SigningKeyService.Published;
import dev.postsapi.security.JwtProperties;
import io.jsonwebtoken.Jwts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;

/** The key ring through a database outage or a restore, without Spring. */
@ExtendWith(OutputCaptureExtension.class)
class SigningKeyRingTests {

	private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

	private final KeyPair pair = Jwts.SIG.ES256.keyPair().build();

	private final SigningKeyService service = mock(SigningKeyService.class);

	@ParameterizedTest
	@EnumSource(JwtProperties.Algorithm.class)
	void maintainWhenTheDatabaseIsDownThenKeepsTheKeysAndClockDistanceLastRead(JwtProperties.Algorithm algorithm) {
		KeyMaterial key = new KeyMaterial("kid-1", (ECPublicKey) this.pair.getPublic(), this.pair.getPrivate(),
				NOW.minusSeconds(60));
		Published loaded = new Published((algorithm == JwtProperties.Algorithm.ES256) ? List.of(key) : List.of(),
				NOW.plusSeconds(7));
		given(this.service.initialize()).willReturn(loaded);
		given(this.service.clockOnly()).willReturn(loaded)
			.willThrow(new DataAccessResourceFailureException("connection refused"));
		willThrow(new DataAccessResourceFailureException("connection refused")).given(this.service).rotateIfDue();
		given(this.service.published()).willThrow(new DataAccessResourceFailureException("connection refused"));
		SigningKeyRing ring = new SigningKeyRing(this.service, properties(algorithm), Clock.fixed(NOW, ZoneOffset.UTC));
		ring.afterSingletonsInstantiated();

		// thrown out of a scheduled method, it would be logged with its stack trace each
		// minute
		assertThatNoException().isThrownBy(ring::maintain);
		assertThat(ring.databaseAhead()).isEqualTo(Duration.ofSeconds(7));
		if (algorithm == JwtProperties.Algorithm.ES256) {
			assertThat(ring.verificationKey("kid-1")).isEqualTo(this.pair.getPublic());
			assertThat(ring.signingKey().kid()).isEqualTo("kid-1");
		}
	}

	@Test
	void maintainWhenNoTransactionCanStartThenKeepsTheKeys() {
		given(this.service.initialize()).willReturn(new Published(List.of(key()), NOW));
		willThrow(new CannotCreateTransactionException("no connection")).given(this.service).rotateIfDue();
		given(this.service.published()).willThrow(new CannotCreateTransactionException("no connection"));
		SigningKeyRing ring = ring(JwtProperties.Algorithm.ES256);

		assertThatNoException().isThrownBy(ring::maintain);
		assertThat(ring.verificationKey("kid-1")).isEqualTo(this.pair.getPublic());
	}

	@Test
	void maintainWhenTheRotationFailsOtherwiseThenTheOtherInstancesKeysAreReloadedAndTheFailureThrown() {
		given(this.service.initialize()).willReturn(new Published(List.of(), NOW));
		given(this.service.published()).willReturn(new Published(List.of(key()), NOW));
		willThrow(new IllegalStateException("a bug")).given(this.service).rotateIfDue();
		SigningKeyRing ring = ring(JwtProperties.Algorithm.ES256);

		// a bug keeps its stack trace (the scheduler logs it), and the keys are reloaded
		assertThatIllegalStateException().isThrownBy(ring::maintain);
		assertThat(ring.verificationKey("kid-1")).isEqualTo(this.pair.getPublic());
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void maintainWhenAnOlderKeySignsInTheDatabaseThenAnErrorSaysItMayHaveGoneBack(boolean keptAsWaiting,
			CapturedOutput output) {
		KeyPair older = Jwts.SIG.ES256.keyPair().build();
		KeyMaterial olderKey = new KeyMaterial("kid-0", (ECPublicKey) older.getPublic(), older.getPrivate(),
				NOW.minusSeconds(3600));
		given(this.service.initialize()).willReturn(new Published(List.of(olderKey, key()), NOW));
		// a restored backup: the key that signed since is gone, or waits again
		List<KeyMaterial> restored = keptAsWaiting
				? List.of(olderKey,
						new KeyMaterial("kid-1", (ECPublicKey) this.pair.getPublic(), this.pair.getPrivate(), null))
				: List.of(olderKey);
		given(this.service.published()).willReturn(new Published(restored, NOW));
		SigningKeyRing ring = ring(JwtProperties.Algorithm.ES256);

		ring.maintain();
		assertThat(output.getOut()).contains("The signing key kid-1 that signed until now no longer signs");
		assertThat(ring.signingKey().kid()).isEqualTo("kid-0");

		ring.maintain();
		// said once: the key that signs now is the one the database holds
		assertThat(output.getOut().split("kid-1 that signed until now", -1)).hasSize(2);
	}

	@Test
	void maintainWhenTheKeysMoveForwardOrStayThenNoError(CapturedOutput output) {
		KeyPair newer = Jwts.SIG.ES256.keyPair().build();
		KeyMaterial newerKey = new KeyMaterial("kid-2", (ECPublicKey) newer.getPublic(), newer.getPrivate(),
				NOW.minusSeconds(1));
		given(this.service.initialize()).willReturn(new Published(List.of(key()), NOW));
		// unchanged; then a rotation (or a take-over) whose key signs at once, the old
		// one
		// kept; then the old one retired and deleted
		given(this.service.published()).willReturn(new Published(List.of(key()), NOW),
				new Published(List.of(key(), newerKey), NOW), new Published(List.of(newerKey), NOW));
		SigningKeyRing ring = ring(JwtProperties.Algorithm.ES256);

		ring.maintain();
		ring.maintain();
		ring.maintain();
		assertThat(ring.signingKey().kid()).isEqualTo("kid-2");
		assertThat(output.getOut()).doesNotContain("that signed until now");
	}

	private KeyMaterial key() {
		return new KeyMaterial("kid-1", (ECPublicKey) this.pair.getPublic(), this.pair.getPrivate(),
				NOW.minusSeconds(60));
	}

	private SigningKeyRing ring(JwtProperties.Algorithm algorithm) {
		SigningKeyRing ring = new SigningKeyRing(this.service, properties(algorithm), Clock.fixed(NOW, ZoneOffset.UTC));
		ring.afterSingletonsInstantiated();
		return ring;
	}

	private static JwtProperties properties(JwtProperties.Algorithm algorithm) {
		return new JwtProperties(null, Duration.ofMinutes(10), algorithm, Duration.ofDays(30), Duration.ofMinutes(5),
				Duration.ofMinutes(1), false);
	}

}
