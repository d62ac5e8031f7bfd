/**
 * Login: the password check, issuing access tokens, and who a token speaks for on each
 * request.
 */
@NullMarked
package dev.postsapi.auth;

import org.jspecify.annotations.NullMarked;
