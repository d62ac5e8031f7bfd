package dev.postsapi.user;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Refuses to start on a database whose collation folds case otherwise than the unique
 * indexes on user_id and e-mail assume (V2, V13): under a Turkish or Azerbaijani one,
 * {@code lower('I')} is {@code ı}, so {@code ADMIN} and {@code admin} are two accounts,
 * and two accounts can share one mailbox.
 */
@Component
class CaseFoldingCheck implements SmartInitializingSingleton {

	private final JdbcClient jdbc;

	CaseFoldingCheck(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void afterSingletonsInstantiated() {
		require(this.jdbc.sql("select lower('ADMIN@EXAMPLE.COM') = 'admin@example.com'").query(Boolean.class).single());
	}

	static void require(boolean lowersLikeEnglish) {
		if (!lowersLikeEnglish) {
			throw new IllegalStateException("The database's collation lowers 'I' to another letter than 'i' (a "
					+ "Turkish or Azerbaijani locale): user_ids and e-mail addresses differing only in case would be "
					+ "different accounts. Create the database with another locale, such as LC_COLLATE 'C.UTF-8' or "
					+ "'en_US.UTF-8' (README.md, \"The jar against your own PostgreSQL\")");
		}
	}

}
