/**
 * Posts and the votes on them: the owner rules, paged listings with vote counts, one vote
 * per user and post, and their HTTP endpoints.
 */
@ApplicationModule(allowedDependencies = { "security", "json" })
@NullMarked
package dev.postsapi.post;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
