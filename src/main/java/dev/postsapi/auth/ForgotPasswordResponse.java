package dev.postsapi.auth;

/** The answer to every forgot-password request: it says nothing of the address. */
record ForgotPasswordResponse(String message) {

	static final ForgotPasswordResponse ACCEPTED = new ForgotPasswordResponse(
			"If the address is registered, a mail with a link to reset the password is on its way");

}
