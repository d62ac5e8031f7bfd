-- Whether another account caused the event (an admin's disabling, enabling or role change,
-- and the sessions it ended): its address and user agent are that account's, shown to
-- admins but not to the account's owner.
ALTER TABLE security_events ADD COLUMN by_another_account BOOLEAN NOT NULL DEFAULT false;
