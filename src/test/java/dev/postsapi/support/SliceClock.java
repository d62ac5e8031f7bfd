package dev.postsapi.support;

import java.time.Clock;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The clock the application's JwtConfiguration gives it, for a controller's slice. */
@TestConfiguration(proxyBeanMethods = false)
public class SliceClock {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
