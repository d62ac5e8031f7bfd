package dev.postsapi.mail;

import java.util.UUID;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.transaction.annotation.Transactional;

interface SentMailRepository extends Repository<SentMail, UUID> {

	/**
	 * Whether no other transaction is sending the mail: held by this one until it ends,
	 * so that a second never waits for the first's SMTP exchange.
	 */
	@Query(nativeQuery = true,
			value = "select pg_try_advisory_xact_lock(hashtext('posts-api:mail'), hashtext(cast(:mailId as text)))")
	boolean holdForSending(UUID mailId);

	/**
	 * 1 if the mail is this transaction's to send, 0 if another one sent it (the caller
	 * holds it for sending first, so no other is inserting it).
	 */
	@Modifying
	@Query(nativeQuery = true, value = "insert into sent_mails (mail_id) values (:mailId) on conflict do nothing")
	int claim(UUID mailId);

	@Transactional
	@Modifying
	@Query(nativeQuery = true, value = "delete from sent_mails where sent_at < now() - cast(:retention as interval)")
	int deleteOlderThan(String retention);

}
