package dev.postsapi.user;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface UserRepository extends JpaRepository<User, String> {

	@Query("""
			select new dev.postsapi.user.UserProfile(u.userId, u.email, u.createdAt)
			from User u where u.userId = :userId""")
	Optional<UserProfile> findProfile(String userId);

	/** Served by the {@code lower(email)} unique index. */
	@Query("select u from User u where lower(u.email) = lower(:email)")
	Optional<User> findByEmailIgnoringCase(String email);

}
