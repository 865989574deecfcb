-- "Zugriffe überprüfen", the access review (issue 13, item 3).
-- A table of its own, keyed by the reviewer's account, rather than columns on MEMBERSHIP:
-- the review is a person's act over all their direct delegates (one mail, one screen, one
-- deadline, whatever number of grants they invite from), the pass's claims must not touch the
-- membership rows whose @Version guards the users' own changes, and a row outlives the removal
-- of one membership of the reviewer. Which reviews are due is derived from these columns and the
-- delegates' INVITEDAT alone: the query is the schedule, so a restart or a bundle swap neither
-- loses nor repeats a request, a deadline or a revocation.
CREATE TABLE ACCESS_REVIEW (
  ACCOUNTID VARCHAR(36) NOT NULL PRIMARY KEY REFERENCES ACCOUNT (ID),
  TENANTID VARCHAR(64) NOT NULL,
  -- when the reviewer last completed a review; NULL never
  REVIEWEDAT TIMESTAMP,
  -- the open round: when it fell due, when its mail was queued (the claim) and its deadline
  DUEAT TIMESTAMP,
  NOTIFIEDAT TIMESTAMP,
  DEADLINEAT TIMESTAMP,
  -- when the open round's deadline was acted on (the overdue mail or the revocation; the claim)
  OVERDUEAT TIMESTAMP,
  VERSION BIGINT NOT NULL
);
-- the pass's look-ups: open rounds past their deadline, per tenant
CREATE INDEX ACCESS_REVIEW_DEADLINE ON ACCESS_REVIEW (TENANTID, OVERDUEAT, DEADLINEAT);
-- every N days a reviewer confirms their direct delegates: NULL or 0 off
ALTER TABLE TENANT ADD COLUMN REVIEWDAYS INT;
-- days between the review mail and its deadline
ALTER TABLE TENANT ADD COLUMN REVIEWGRACEDAYS INT DEFAULT 14 NOT NULL;
-- what the deadline does to delegates not confirmed: NOTIFY (a second mail) or REVOKE (removed)
ALTER TABLE TENANT ADD COLUMN REVIEWMODE VARCHAR(8) DEFAULT 'NOTIFY' NOT NULL;
-- for a mail of the review (kinds REVIEW, REVIEW_OVERDUE, REVIEW_REVOKED): how many direct delegates it concerns
ALTER TABLE MAIL_OUTBOX ADD COLUMN REVIEWDELEGATES INT;
