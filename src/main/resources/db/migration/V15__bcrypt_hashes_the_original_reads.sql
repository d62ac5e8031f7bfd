-- The hashes this service made were "{bcrypt}$2b$..." (Spring's DelegatingPasswordEncoder),
-- which the original's passlib cannot read: after a rollback, or on the original during a
-- cut-over, those accounts could not log in (500). They become "$2y$...": the same hash
-- (2b and 2y name one algorithm), which passlib reads, and by which security/Bcrypt still
-- tells ours (more than 72 bytes refused) from the original's $2a$/$2b$ (cut at 72).
UPDATE users SET password = '$2y$' || substr(password, 13) WHERE password LIKE '{bcrypt}$2b$%';
