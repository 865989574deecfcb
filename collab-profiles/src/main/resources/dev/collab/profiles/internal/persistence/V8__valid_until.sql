-- Time-bound access, "gültig bis" (issue 13, item 2).
-- The end of a membership's access: NULL is unlimited. Decisions compare it with the clock, so
-- access ends at that instant whether or not the expiry pass has run yet.
ALTER TABLE MEMBERSHIP ADD COLUMN VALIDUNTIL TIMESTAMP;
-- when the expiry pass recorded the end (audit, notice): set once, by the UPDATE that claims it,
-- so a restart, a bundle swap or a second node never records an end twice or loses one
ALTER TABLE MEMBERSHIP ADD COLUMN EXPIREDAT TIMESTAMP;
-- the pass's look-up: ended, not recorded yet
CREATE INDEX MEMBERSHIP_EXPIRY_DUE ON MEMBERSHIP (EXPIREDAT, VALIDUNTIL);
-- the longest validity, in months, a holder may give to people they invite with this profile;
-- NULL: no limit (and no validity unless the inviter chooses one)
ALTER TABLE ACCESS_PROFILE ADD COLUMN MAXVALIDITYMONTHS INT;
