package dev.postsapi.mail;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row of {@code sent_mails}: a mail that went out. Written and read only by
 * {@link SentMailRepository}'s single statements.
 */
@Entity
@Table(name = "sent_mails")
class SentMail {

	@Id
	@Column(name = "mail_id")
	private UUID mailId;

	protected SentMail() {
	}

}
