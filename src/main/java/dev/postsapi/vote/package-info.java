/**
 * Votes: one per user and post, added or removed through {@code POST /vote}.
 */
@NullMarked
package dev.postsapi.vote;

import org.jspecify.annotations.NullMarked;
