package dev.postsapi.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * What an account may do: every account is a {@code user}; moderators also delete any
 * post; admins also manage accounts. The API names them in lower case, Spring Security as
 * {@code ROLE_*} authorities.
 */
public enum Role {

	USER, MODERATOR, ADMIN;

	/** The accounts' roles as the database keeps them, parsed once per variant. */
	private static final Map<String, List<Role>> STORED = new ConcurrentHashMap<>();

	private final String value = name().toLowerCase(Locale.ROOT);

	private final GrantedAuthority authority = new SimpleGrantedAuthority("ROLE_" + name());

	/** The API's name: {@code user}, {@code moderator} or {@code admin}. */
	public String value() {
		return this.value;
	}

	public GrantedAuthority authority() {
		return this.authority;
	}

	public static Role of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

	/**
	 * Every role of an account whose stored roles (beyond {@code user}) are this
	 * comma-separated list, {@code user} first and in this enum's order.
	 */
	public static List<Role> fromStored(String stored) {
		return STORED.computeIfAbsent(stored, (text) -> {
			List<String> names = List.of(text.split(","));
			List<Role> roles = new ArrayList<>();
			for (Role role : values()) {
				if (role == USER || names.contains(role.value)) {
					roles.add(role);
				}
			}
			return List.copyOf(roles);
		});
	}

	/** The API's names of these roles. */
	public static List<String> values(List<Role> roles) {
		return roles.stream().map(Role::value).toList();
	}

}
