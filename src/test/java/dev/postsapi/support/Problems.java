package dev.postsapi.support;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Problem-details bodies compared for sameness: every problem carries the id of its own
 * request ({@code request_id}), which two answers never share, so it is left out.
 */
public final class Problems {

	private Problems() {
	}

	/** The JSON body as text, without its request_id member. */
	public static String withoutRequestId(byte[] body) {
		String json = new String(body, StandardCharsets.UTF_8);
		String rest = json.replaceFirst(",?\"request_id\":\"[^\"]*\"", "");
		assertThat(rest).as("request_id in %s", json).isNotEqualTo(json);
		return rest;
	}

	/** The parsed body without its request_id entry. */
	public static Map<?, ?> withoutRequestId(Map<?, ?> body) {
		assertThat(body.containsKey("request_id")).as("request_id in %s", body).isTrue();
		Map<Object, Object> rest = new HashMap<>(body);
		rest.remove("request_id");
		return rest;
	}

}
