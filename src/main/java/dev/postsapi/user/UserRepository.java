package dev.postsapi.user;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface UserRepository extends JpaRepository<User, String> {

	@Modifying
	@Query("update User u set u.passwordHash = :passwordHash where u.userId = :userId")
	int updatePasswordHash(String userId, String passwordHash);

	/** Served by the {@code lower(email)} unique index. */
	@Query("select u from User u where lower(u.email) = lower(:email)")
	Optional<User> findByEmailIgnoringCase(String email);

}
