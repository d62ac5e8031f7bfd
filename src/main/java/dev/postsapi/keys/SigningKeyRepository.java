package dev.postsapi.keys;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/**
 * Signing keys. Whatever makes or schedules keys first locks the table against the other
 * instances doing the same (plain reads go on); every time is the database's
 * {@code now()}; durations are ISO-8601 strings PostgreSQL reads.
 */
interface SigningKeyRepository extends Repository<StoredSigningKey, String> {

	/** Until the transaction ends, one instance at a time makes or schedules keys. */
	@Modifying
	@Query(nativeQuery = true, value = "lock table signing_keys in exclusive mode")
	void lockAgainstOtherMakers();

	/**
	 * Every key still published: all but those whose successor has signed for longer than
	 * {@code retention}, in the order they sign (the waiting one last).
	 */
	@Query(nativeQuery = true, value = """
			select k.kid, k.public_key as publickey, k.private_key as sealedprivatekey, k.signs_from as signsfrom
			from signing_keys k
			where not exists (select 1 from signing_keys n
			  where n.signs_from > k.signs_from and n.signs_from <= now() - cast(:retention as interval))
			order by k.signs_from nulls last, k.kid""")
	List<KeyRow> findPublished(String retention);

	/** The database's time: the clock every key is scheduled on. */
	@Query(nativeQuery = true, value = "select clock_timestamp()")
	Instant databaseTime();

	@Modifying
	@Query(nativeQuery = true, value = """
			insert into signing_keys (kid, algorithm, public_key, private_key, signs_from)
			values (:kid, 'ES256', :publicKey, :sealedPrivateKey, case when :signsNow then now() end)""")
	void insert(String kid, byte[] publicKey, byte[] sealedPrivateKey, boolean signsNow);

	@Query(nativeQuery = true, value = "select exists (select 1 from signing_keys where signs_from is not null)")
	boolean anyScheduled();

	@Query(nativeQuery = true, value = "select exists (select 1 from signing_keys where signs_from is null)")
	boolean anyWaiting();

	/**
	 * Gives the waiting key its time: now, but after every key scheduled before it (older
	 * versions scheduled keys ahead), so the order keys sign in is the order they were
	 * made in.
	 */
	@Query(nativeQuery = true, value = """
			update signing_keys set signs_from = greatest(now(),
			  (select max(signs_from) + interval '1 millisecond' from signing_keys))
			where signs_from is null
			returning kid, signs_from as signsfrom""")
	Optional<Scheduled> scheduleWaiting();

	/**
	 * Whether the latest key to sign (or to be going to) began longer than a period ago.
	 */
	@Query(nativeQuery = true, value = """
			select coalesce(max(signs_from) <= now() - cast(:period as interval), false) from signing_keys""")
	boolean isRotationDue(String period);

	/**
	 * Of these keys, those that sign after now(), the time a key inserted in the same
	 * transaction signs from: the waiting one, one a rotation scheduled.
	 */
	@Modifying
	@Query(nativeQuery = true,
			value = "delete from signing_keys where kid in (:kids) and (signs_from is null or signs_from > now())")
	void deleteYetToSign(List<String> kids);

	/** Keys no token alive can have been signed with, and their sealed private parts. */
	@Modifying
	@Query(nativeQuery = true, value = """
			delete from signing_keys k where exists (select 1 from signing_keys n
			  where n.signs_from > k.signs_from and n.signs_from <= now() - cast(:retention as interval))""")
	int deleteRetired(String retention);

	/** A published key as stored. */
	interface KeyRow {

		String getKid();

		byte[] getPublicKey();

		byte[] getSealedPrivateKey();

		@Nullable Instant getSignsFrom();

	}

	/** A key and the time it signs from. */
	interface Scheduled {

		String getKid();

		Instant getSignsFrom();

	}

}
