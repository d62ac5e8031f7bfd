/**
 * Posts: the owner rules, paged listings with vote counts, and their HTTP endpoints.
 */
@NullMarked
package dev.postsapi.post;

import org.jspecify.annotations.NullMarked;
