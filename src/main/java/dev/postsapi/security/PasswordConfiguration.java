package dev.postsapi.security;

import java.util.Map;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PasswordProperties.class)
class PasswordConfiguration {

	/**
	 * New hashes are stored as {@code {bcrypt}$2b$…}, so a later algorithm can be added
	 * beside bcrypt. Hashes without a prefix are the original service's passlib
	 * {@code $2b$12$…} bcrypt hashes and are checked with bcrypt too.
	 */
	@Bean
	PasswordEncoder passwordEncoder(PasswordProperties properties) {
		BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(BCryptPasswordEncoder.BCryptVersion.$2B,
				properties.bcryptStrength());
		DelegatingPasswordEncoder encoder = new DelegatingPasswordEncoder("bcrypt", Map.of("bcrypt", bcrypt));
		encoder.setDefaultPasswordEncoderForMatches(bcrypt);
		return encoder;
	}

}
