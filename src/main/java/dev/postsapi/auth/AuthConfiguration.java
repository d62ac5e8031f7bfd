package dev.postsapi.auth;

import dev.postsapi.user.UserService;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * How login checks a password (Spring Security's DAO provider over the user accounts),
 * the session settings, and the schedule of session housekeeping.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ SessionProperties.class, RefreshTokenProperties.class })
@EnableScheduling
class AuthConfiguration {

	@Bean
	UserDetailsService userDetailsService(UserService userService) {
		return new AccountUserDetailsService(userService);
	}

	/**
	 * DaoAuthenticationProvider also evens out the time of unknown users (it hashes
	 * anyway).
	 */
	@Bean
	AuthenticationManager authenticationManager(UserDetailsService userDetailsService,
			PasswordEncoder passwordEncoder) {
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(userDetailsService);
		provider.setPasswordEncoder(passwordEncoder);
		return new ProviderManager(provider);
	}

}
