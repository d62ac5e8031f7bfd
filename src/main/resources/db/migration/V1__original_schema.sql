-- The original (FastAPI) service's schema, column for column, so that an
-- existing database of it can be adopted with Flyway's baseline at version 1.
CREATE TABLE users (
    user_id    VARCHAR NOT NULL PRIMARY KEY,
    email      VARCHAR NOT NULL UNIQUE,
    password   VARCHAR NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);

CREATE TABLE posts (
    post_id    SERIAL PRIMARY KEY,
    post_data  VARCHAR NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    user_id    VARCHAR NOT NULL REFERENCES users (user_id) ON DELETE CASCADE
);

CREATE TABLE votes (
    user_id VARCHAR NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    post_id INTEGER NOT NULL REFERENCES posts (post_id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, post_id)
);
