/**
 * Cross-cutting HTTP that knows no feature: problem details (writer, advice, Tomcat's
 * valve), request ids, trailing slashes, the body-size limit; how JSON is read is json/.
 */
@ApplicationModule(allowedDependencies = { "json" })
@NullMarked
package dev.postsapi.web;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
