/**
 * Users: registration, the profile, and the credentials that login checks.
 */
@ApplicationModule(allowedDependencies = { "security", "limits", "mail" })
@NullMarked
package dev.postsapi.user;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
