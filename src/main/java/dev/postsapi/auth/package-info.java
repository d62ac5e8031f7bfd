/**
 * Login and sessions: the password check, access and refresh tokens, logout, the password
 * change, and whether a token's session is still live.
 */
@ApplicationModule(allowedDependencies = { "user", "security", "limits", "json", "events", "mail" })
@NullMarked
package dev.postsapi.auth;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
