package dev.postsapi.limits;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of {@code rate_limits}: one counter per key and fixed window. Counted and read
 * only by {@link LimitRepository}'s single statements, so the entity holds only its key.
 */
@Entity
@Table(name = "rate_limits")
class RateLimit {

	@Id
	@Column(name = "limit_key")
	private String limitKey;

	protected RateLimit() {
	}

}
