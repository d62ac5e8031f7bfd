/**
 * Request security that knows no feature: the filter chain and CORS, access-token
 * decoding, password hashing, and the 401/403 answers.
 */
@ApplicationModule(allowedDependencies = { "web" })
@NullMarked
package dev.postsapi.security;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
