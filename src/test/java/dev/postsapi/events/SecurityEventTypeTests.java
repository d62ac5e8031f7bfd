package dev.postsapi.events;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityEventTypeTests {

	@Test
	void patternWhenComparedWithTheTypesThenEveryTypeAndNoOther() {
		assertThat(SecurityEventType.PATTERN_OR_EMPTY).isEqualTo(Arrays.stream(SecurityEventType.values())
			.map(SecurityEventType::value)
			.collect(Collectors.joining("|", "^(|", ")$")));
	}

	@Test
	void valueThenTheLowerCaseNameAndBack() {
		assertThat(SecurityEventType.REFRESH_TOKEN_REUSE_DETECTED.value()).isEqualTo("refresh_token_reuse_detected");
		for (SecurityEventType type : SecurityEventType.values()) {
			assertThat(SecurityEventType.of(type.value())).isSameAs(type);
		}
	}

	@Test
	void typesThenTheThirteenTheContractLists() {
		assertThat(SecurityEventType.values()).hasSize(13);
	}

}
