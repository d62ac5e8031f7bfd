package dev.postsapi.keys;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of {@code signing_keys}. Every change is one statement of
 * {@link SigningKeyRepository}, so the entity holds only its key.
 */
@Entity
@Table(name = "signing_keys")
class StoredSigningKey {

	@Id
	@Column(name = "kid")
	private String kid;

	protected StoredSigningKey() {
	}

}
