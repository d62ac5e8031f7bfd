package dev.postsapi.user;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The user_id of an account to act on, as the API document shows it: any text, as an
 * account adopted from the original's database may have one registration refuses, and
 * admins must still reach it; one no account has is a 404, as API.md says.
 */
@Schema(example = "alice",
		description = "3 to 32 characters of A-Z a-z 0-9 _ . - (an account adopted from the "
				+ "original service may have any other)")
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@interface AccountUserId {

}
