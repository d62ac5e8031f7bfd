package dev.postsapi.user;

import java.nio.charset.StandardCharsets;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

public class Utf8LengthValidator implements ConstraintValidator<Utf8Length, String> {

	private int min;

	private int max;

	@Override
	public void initialize(Utf8Length constraint) {
		this.min = constraint.min();
		this.max = constraint.max();
	}

	@Override
	public boolean isValid(String value, ConstraintValidatorContext context) {
		if (value == null) {
			return true; // @NotNull's concern
		}
		int bytes = value.getBytes(StandardCharsets.UTF_8).length;
		return bytes >= min && bytes <= max;
	}

}
