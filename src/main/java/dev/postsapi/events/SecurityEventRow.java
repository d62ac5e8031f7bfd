package dev.postsapi.events;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of {@code security_events}. Written and read only by
 * {@link SecurityEventRepository}'s statements, so the entity holds only its key.
 */
@Entity
@Table(name = "security_events")
class SecurityEventRow {

	@Id
	@Column(name = "event_id")
	private Long eventId;

	protected SecurityEventRow() {
	}

}
