/**
 * Brute-force and abuse limits: failed logins per account and client address, per address
 * and per account, and registrations per address, counted in PostgreSQL so that they hold
 * across instances, and checked before any password is hashed.
 */
@ApplicationModule(allowedDependencies = { "security" })
@NullMarked
package dev.postsapi.limits;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
