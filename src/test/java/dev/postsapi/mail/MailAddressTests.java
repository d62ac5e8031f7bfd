package dev.postsapi.mail;

import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class MailAddressTests {

	static jakarta.validation.ValidatorFactory factory;

	static Validator validator;

	@BeforeAll
	static void validator() {
		factory = Validation.buildDefaultValidatorFactory();
		validator = factory.getValidator();
	}

	@AfterAll
	static void close() {
		factory.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "alice@example.com", "a.b+tag@example.com", "o'hara@sub.example.co.uk",
			"x_y@example-1.org", "ida@xn--bcher-kva.example", "Alice@EXAMPLE.com" })
	void validWhenJavaMailTakesIt(String address) {
		assertThat(violations(address)).isEmpty();
		assertThat(MailAddress.Sendable.isSendable(address)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "a@bad_domain.com", "a@exa{mple.com", "a@example.com=", "a@example", "not-an-email",
			"Alice <alice@example.com>", "alice@example.com ", "a@@example.com", "jürgen@example.com",
			"ida@bücher.example", "x@straße.de", "a@exam\u00ADple.com", "a@ｅｘａｍｐｌｅ.com", "\"alice\"@example.com",
			"\"john doe\"@example.com", "x@[10.0.0.5]", "x@[IPv6:::1]", "x@169.254.169.254",
			"g:victim@example.com,attacker@evil.example;" })
	void refusedWithOneMessageWhenNoMailCouldBeSentToIt(String address) {
		assertThat(violations(address)).singleElement()
			.extracting(ConstraintViolation::getMessage)
			.isEqualTo("must be a valid e-mail address");
	}

	@ParameterizedTest
	@ValueSource(strings = { "a@bad_domain.com", "a@exa{mple.com", "a@example.com=", "jürgen@example.com",
			"x@straße.de", "x@[10.0.0.5]", "x@[IPv6:::1]", "x@169.254.169.254", "x@10.0.0.5", "x@2852039166",
			"x@0xa9fea9fe", "x@0xa9.0xfe.0xa9.0xfe", "g:victim@example.com,attacker@evil.example;", "g:;" })
	void notSendableWhenJavaMailCannotSendToItOrItIsADomainLiteralOrAGroup(String address) {
		assertThat(MailAddress.Sendable.isSendable(address)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"alice\"@example.com", "\"john doe\"@example.com" })
	void quotedRefusedAtRegistrationButMailStillSentToOneStoredBefore(String address) {
		assertThat(violations(address)).hasSize(1);
		assertThat(MailAddress.Sendable.isSendable(address)).isTrue();
	}

	private static Set<ConstraintViolation<Addressed>> violations(String address) {
		return validator.validate(new Addressed(address));
	}

	record Addressed(@MailAddress String email) {

	}

}
