/**
 * Users: registration, the profile, the credentials that login checks, roles, and the
 * accounts as admins manage them.
 */
@ApplicationModule(allowedDependencies = { "security", "limits", "json", "events", "mail" })
@NullMarked
package dev.postsapi.user;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
