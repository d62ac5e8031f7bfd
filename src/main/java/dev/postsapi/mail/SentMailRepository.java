package dev.postsapi.mail;

import java.util.UUID;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.transaction.annotation.Transactional;

interface SentMailRepository extends Repository<SentMail, UUID> {

	/**
	 * 1 if the mail is this transaction's to send, 0 if another one sent it; while
	 * another transaction holds the same id, this waits for it to end.
	 */
	@Modifying
	@Query(nativeQuery = true, value = "insert into sent_mails (mail_id) values (:mailId) on conflict do nothing")
	int claim(UUID mailId);

	@Transactional
	@Modifying
	@Query(nativeQuery = true, value = "delete from sent_mails where sent_at < now() - cast(:retention as interval)")
	int deleteOlderThan(String retention);

}
