package dev.postsapi.security;

import java.time.Clock;
import java.time.Instant;

/**
 * The database's time, which every instance shares (sessions, keys and limits are timed
 * on it): this instance's clock plus how far the database's was ahead when the keys were
 * last read. Access tokens are timed on it, so an instance whose clock drifted issues and
 * checks them as the others do.
 */
record DatabaseTime(Clock clock, SigningKeys keys) {

	Instant now() {
		return this.clock.instant().plus(this.keys.databaseAhead());
	}

}
