package dev.postsapi.post;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Generated;

/**
 * A row of {@code posts}. The owner is kept as its user_id: no post needs its user
 * loaded.
 */
@Entity
@Table(name = "posts")
class Post {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	@Column(name = "post_id")
	private Integer postId;

	@Column(name = "post_data", nullable = false)
	private String postData;

	@Column(name = "user_id", nullable = false, updatable = false)
	private String userId;

	/** Set by the database, so posts from every instance order by one clock. */
	@Generated
	@Column(name = "created_at", insertable = false, updatable = false)
	private Instant createdAt;

	protected Post() {
	}

}
