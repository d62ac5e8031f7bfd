/**
 * Users: registration, the profile, and the credentials that login checks.
 */
@NullMarked
package dev.postsapi.user;

import org.jspecify.annotations.NullMarked;
