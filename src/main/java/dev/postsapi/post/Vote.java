package dev.postsapi.post;

import java.io.Serializable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * A row of {@code votes}: one user's vote on one post, the pair being the primary key.
 */
@Entity
@Table(name = "votes")
@IdClass(Vote.Key.class)
class Vote {

	@Id
	@Column(name = "user_id")
	private String userId;

	@Id
	@Column(name = "post_id")
	private Integer postId;

	protected Vote() {
	}

	record Key(String userId, Integer postId) implements Serializable {

		Key() {
			this(null, null);
		}

	}

}
