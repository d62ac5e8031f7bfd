package dev.postsapi.security;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PasswordProperties.class)
class PasswordConfiguration {

	private static final Logger log = LoggerFactory.getLogger(PasswordConfiguration.class);

	/**
	 * New hashes are stored as {@code {bcrypt}$2b$…}, so a later algorithm can be added
	 * beside bcrypt. Hashes without a prefix are the original service's passlib
	 * {@code $2b$12$…} bcrypt hashes and are checked with bcrypt too. bcrypt is the
	 * system's libcrypt where it has one, else Spring's, on threads of its own either
	 * way.
	 */
	@Bean
	PasswordEncoder passwordEncoder(PasswordProperties properties) {
		PasswordEncoder bcrypt = new OffloadedPasswordEncoder(bcrypt(properties.bcryptStrength()),
				Runtime.getRuntime().availableProcessors());
		DelegatingPasswordEncoder encoder = new DelegatingPasswordEncoder("bcrypt", Map.of("bcrypt", bcrypt));
		encoder.setDefaultPasswordEncoderForMatches(bcrypt);
		return encoder;
	}

	static PasswordEncoder bcrypt(int strength) {
		return LibcryptBcrypt.load(strength).<PasswordEncoder>map(libcrypt -> {
			log.info("bcrypt (cost {}) is the system's libcrypt", strength);
			return libcrypt;
		}).orElseGet(() -> new BCryptPasswordEncoder(BCryptPasswordEncoder.BCryptVersion.$2B, strength));
	}

}
