/**
 * Security events: each account's history of logins, logouts, ended sessions and
 * credential changes, recorded by the features that act ({@link SecurityEvents}) and read
 * by the account's owner and by admins.
 */
@ApplicationModule(allowedDependencies = { "security", "limits", "json" })
@NullMarked
package dev.postsapi.events;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
