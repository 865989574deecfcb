-- PostgreSQL's version of ../V5__overview_paging.sql: Derby's ALTER COLUMN c NULL / c NOT NULL is spelled DROP NOT NULL / SET NOT NULL here; every other statement is the same.
-- The delegates overview and the admin's member lists are paged in the database, ordered by the
-- member's e-mail key, then grant name key, then membership id (keyset paging). A member's login
-- and a grant's name never change once created, so both keys are copied onto the membership:
-- each page is then one range scan of an index, instead of joining and sorting every delegate.
ALTER TABLE MEMBERSHIP ADD COLUMN ACCOUNTLOGINKEY VARCHAR(254);
ALTER TABLE MEMBERSHIP ADD COLUMN GRANTNAMEKEY VARCHAR(2000);
UPDATE MEMBERSHIP SET ACCOUNTLOGINKEY = (SELECT A.LOGINKEY FROM ACCOUNT A WHERE A.ID = MEMBERSHIP.ACCOUNTID);
UPDATE MEMBERSHIP SET GRANTNAMEKEY = (SELECT G.NAMEKEY FROM ACCESS_GRANT G WHERE G.ID = MEMBERSHIP.GRANTID);
ALTER TABLE MEMBERSHIP ALTER COLUMN ACCOUNTLOGINKEY SET NOT NULL;
ALTER TABLE MEMBERSHIP ALTER COLUMN GRANTNAMEKEY SET NOT NULL;
-- a user's delegates, in overview order
CREATE INDEX MEMBERSHIP_OVERVIEW ON MEMBERSHIP (INVITERID, ACCOUNTLOGINKEY, GRANTNAMEKEY, ID);
-- a grant's members, in e-mail order
CREATE INDEX MEMBERSHIP_GRANT_ORDER ON MEMBERSHIP (GRANTID, ACCOUNTLOGINKEY, ID);
-- led by INVITERID, the overview's index serves every look-up of a membership's invitees
DROP INDEX MEMBERSHIP_INVITER;
