package dev.postsapi.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
class PasswordConfiguration {

	private static final Logger log = LoggerFactory.getLogger(PasswordConfiguration.class);

	/**
	 * bcrypt as the original stored it, so that it reads ours too (Bcrypt). libcrypt
	 * where the system has a fit one (BENCHMARKS.md, "Round two"), else Spring's BCrypt.
	 */
	@Bean
	PasswordEncoder passwordEncoder(PasswordProperties properties) {
		LibcryptBcrypt libcrypt = LibcryptBcrypt.load().orElse(null);
		log.info("bcrypt (cost {}) is {}", properties.bcryptStrength(),
				(libcrypt != null) ? "the system's libcrypt" : "Spring's BCrypt");
		return new Bcrypt(libcrypt, properties.bcryptStrength());
	}

}
