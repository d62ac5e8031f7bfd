package dev.postsapi.security;

import java.time.Clock;

import javax.crypto.SecretKey;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The access tokens' key, and one clock for token times, so tests can move it.
 */
@Configuration(proxyBeanMethods = false)
class JwtConfiguration {

	private static final Logger log = LoggerFactory.getLogger(JwtConfiguration.class);

	@Bean
	SecretKey jwtSigningKey(JwtProperties properties) {
		if (properties.isPublishedExampleKey()) {
			// warned, not refused: deployments moving from the original may have kept it
			log.warn("AUTH_JWT_SECRET is the example key of FastAPI's tutorial, the original's default: anyone can "
					+ "sign tokens with it (HS256) or open the stored signing keys. Set a secret of your own "
					+ "(openssl rand -base64 32; docs/security.md, \"Changing the secret\").");
		}
		if (properties.hasSecret()) {
			return Keys.hmacShaKeyFor(properties.secretBytes());
		}
		log.warn("No AUTH_JWT_SECRET set: using a random signing key for this run. Tokens will not survive a "
				+ "restart and will not work across instances; set AUTH_JWT_SECRET (openssl rand -base64 32).");
		return Jwts.SIG.HS256.key().build();
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
