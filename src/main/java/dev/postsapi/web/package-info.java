/**
 * Cross-cutting HTTP that knows no feature: the problem-details factory and exception
 * handler, trailing slashes, the body-size limit, CORS and the OpenAPI document.
 */
@NullMarked
package dev.postsapi.web;

import org.jspecify.annotations.NullMarked;
