/**
 * Outgoing mail: sending over SMTP, each mail once, the links it carries, and the retries
 * of the mails whose sending failed (Spring Modulith's event publication registry).
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package dev.postsapi.mail;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
