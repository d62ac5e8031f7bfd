/**
 * Brute-force and abuse limits, counted in PostgreSQL so they hold across instances, and
 * checked before any password is hashed.
 */
@ApplicationModule(allowedDependencies = { "security" })
@NullMarked
package dev.postsapi.limits;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
