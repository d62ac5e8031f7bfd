package dev.postsapi.post;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of {@code posts}, with its votes. Every read and change is one statement of
 * {@link PostRepository}, so the entity holds only its key.
 */
@Entity
@Table(name = "posts")
class Post {

	@Id
	@Column(name = "post_id")
	private Integer postId;

	protected Post() {
	}

}
