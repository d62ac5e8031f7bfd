package dev.postsapi.web;

import java.beans.PropertyEditorSupport;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;

/**
 * Text the database can keep as it came: PostgreSQL refuses the NUL character in text,
 * and an unpaired UTF-16 surrogate has no UTF-8 form (it would be stored as '?'). Such
 * input is a 422 naming its field, wherever it comes from: a JSON body
 * ({@link Deserializer}) or a query or form parameter ({@link Editor}).
 */
public final class StorableText {

	/** The 422's message for such a field. */
	public static final String PROBLEM = "must not contain NUL characters or unpaired surrogates";

	private StorableText() {
	}

	public static boolean isStorable(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\0') {
				return false;
			}
			if (Character.isHighSurrogate(c)) {
				if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
					return false;
				}
				i++;
			}
			else if (Character.isLowSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

	/** Every JSON string the application reads. */
	static final class Deserializer extends StringDeserializer {

		@Override
		public String deserialize(JsonParser parser, DeserializationContext context) {
			String text = super.deserialize(parser, context);
			if (text != null && !isStorable(text)) {
				throw context.weirdStringException(text, String.class, PROBLEM);
			}
			return text;
		}

	}

	/** Every query and form parameter bound to a String. */
	static final class Editor extends PropertyEditorSupport {

		@Override
		public void setAsText(@Nullable String text) {
			if (text != null && !isStorable(text)) {
				throw new UnstorableTextException();
			}
			setValue(text);
		}

	}

	/** A parameter's text is not storable; the handler answers with {@link #PROBLEM}. */
	static final class UnstorableTextException extends IllegalArgumentException {

		UnstorableTextException() {
			super(PROBLEM);
		}

	}

}
