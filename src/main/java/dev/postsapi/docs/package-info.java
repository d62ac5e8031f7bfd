/**
 * The API's documentation, served by the service itself and working offline: the OpenAPI
 * document, Swagger UI at /docs and ReDoc at /redoc.
 */
@ApplicationModule(allowedDependencies = { "security", "web" })
@NullMarked
package dev.postsapi.docs;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
