-- Indexes for every query the posts and votes endpoints run; the original schema
-- had none beyond its keys.

-- GET /posts/all: one owner's posts, newest first (also serves the FK from users)
CREATE INDEX posts_user_id_created_at_idx ON posts (user_id, created_at DESC, post_id DESC);

-- GET /posts/feed: everyone's posts, newest first
CREATE INDEX posts_created_at_idx ON posts (created_at DESC, post_id DESC);

-- vote counts per post, and the ON DELETE CASCADE from posts; the primary key
-- (user_id, post_id) only serves look-ups by user
CREATE INDEX votes_post_id_idx ON votes (post_id);
