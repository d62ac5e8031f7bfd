package dev.postsapi.auth;

import io.swagger.v3.oas.annotations.media.Schema;

/** The answer to every forgot-password request: it says nothing of the address. */
record ForgotPasswordResponse(@Schema(example = ForgotPasswordResponse.MESSAGE) String message) {

	static final String MESSAGE = "If the address is registered, a mail with a link to reset the password is on its way";

	static final ForgotPasswordResponse ACCEPTED = new ForgotPasswordResponse(MESSAGE);

}
