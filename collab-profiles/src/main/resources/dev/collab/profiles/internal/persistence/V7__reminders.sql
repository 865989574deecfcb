-- Reminders of pending invitations and the notice to removed delegates (issue 13).
-- The reminder pass derives its work from these columns alone ("pending, expiring within the
-- lead time, not reminded yet"), so a restart or a bundle swap neither loses nor repeats one.
ALTER TABLE INVITATION ADD COLUMN REMINDEDAT TIMESTAMP;
-- the token sealed for the reminder (same link as the invitation); erased once it is queued,
-- or the invitation is used, voided or has expired
ALTER TABLE INVITATION ADD COLUMN REMINDERTOKEN VARCHAR(200);
-- the pass's look-up: pending invitations not reminded yet, by expiry
CREATE INDEX INVITATION_REMINDER_DUE ON INVITATION (STATUS, REMINDEDAT, EXPIRESAT);
-- hours before expiry at which the reminder goes out: 0 none, NULL the container's default
ALTER TABLE TENANT ADD COLUMN REMINDERLEADHOURS INT;
-- whether a removed delegate is told by mail that their access ended: off unless a tenant asks
ALTER TABLE TENANT ADD COLUMN REMOVALMAIL BOOLEAN DEFAULT FALSE NOT NULL;
