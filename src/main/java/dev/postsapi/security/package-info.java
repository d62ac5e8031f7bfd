/**
 * Request security that knows no feature: the filter chain, access-token decoding and its
 * cache, the password encoder, and the 401/403 answers.
 */
@NullMarked
package dev.postsapi.security;

import org.jspecify.annotations.NullMarked;
