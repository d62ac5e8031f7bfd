-- Registration refuses a user_id that differs from a taken one only in case ("Admin"
-- beside "admin" would pass for it in every list of posts), and looks it up by this
-- index. Not a unique index: a database adopted from the original, or registered by an
-- earlier version, may hold such pairs already, and they keep working.
CREATE INDEX users_user_id_lower_idx ON users (lower(user_id));
