package dev.postsapi.security;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
class PasswordConfiguration {

	private static final Logger log = LoggerFactory.getLogger(PasswordConfiguration.class);

	/** New hashes are {bcrypt}$2b$…; unprefixed ones are passlib's bcrypt. */
	@Bean
	PasswordEncoder passwordEncoder(PasswordProperties properties) {
		PasswordEncoder bcrypt = bcrypt(properties.bcryptStrength());
		DelegatingPasswordEncoder encoder = new DelegatingPasswordEncoder("bcrypt", Map.of("bcrypt", bcrypt));
		encoder.setDefaultPasswordEncoderForMatches(bcrypt);
		return encoder;
	}

	/**
	 * The system's libcrypt where it has one (BENCHMARKS.md, "Round two"), else Spring's.
	 */
	static PasswordEncoder bcrypt(int strength) {
		return LibcryptBcrypt.load(strength).<PasswordEncoder>map(libcrypt -> {
			log.info("bcrypt (cost {}) is the system's libcrypt", strength);
			return libcrypt;
		}).orElseGet(() -> new BCryptPasswordEncoder(BCryptPasswordEncoder.BCryptVersion.$2B, strength));
	}

}
