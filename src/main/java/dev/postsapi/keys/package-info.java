/**
 * Signing keys: the ES256 keys access tokens are signed with, made once, kept in the
 * database with their private parts sealed, rotated without logging anyone out, and
 * published as a JWKS so other services can verify our tokens without any secret.
 */
@ApplicationModule(allowedDependencies = { "security" })
@NullMarked
package dev.postsapi.keys;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
