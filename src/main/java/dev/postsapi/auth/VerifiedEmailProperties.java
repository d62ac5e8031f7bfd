package dev.postsapi.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code AUTH_REQUIRE_VERIFIED_EMAIL}: whether login and refresh ask for a verified
 * address. Binds one key of {@code auth.*}; the others belong to other records.
 */
@ConfigurationProperties(prefix = "auth")
record VerifiedEmailProperties(@DefaultValue("false") boolean requireVerifiedEmail) {

}
