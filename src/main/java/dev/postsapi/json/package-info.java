/**
 * How request bodies are read: JSON as it is typed, every string storable, no body past
 * the size limit or of a wildcard type.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package dev.postsapi.json;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
