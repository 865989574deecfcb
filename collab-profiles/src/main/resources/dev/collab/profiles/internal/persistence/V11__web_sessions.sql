-- The web screens' sessions (issue 14, item 4): in the database every node of a cluster shares,
-- so that a browser stays signed in whichever node serves its next request, a sign-out or a
-- password change ends its sessions on every node, and the flash message reaches the next page.
-- The key is the SHA-256 (hex) of the session id, never the id: a leaked table hands out no
-- session. The principal is kept as at sign-in (as the memory of one node kept it before).
CREATE TABLE WEB_SESSION (
  IDHASH VARCHAR(64) NOT NULL PRIMARY KEY,
  CSRF VARCHAR(64) NOT NULL,
  -- the signed-in account; all NULL for a visitor not signed in (TENANTID NULL also for support)
  TENANTID VARCHAR(64),
  ACCOUNTID VARCHAR(64),
  LOGIN VARCHAR(254),
  ROLE VARCHAR(16),
  CREATEDAT TIMESTAMP NOT NULL,
  -- written at most every minute or so per session (WebSessions), so that a page view is a read
  LASTSEEN TIMESTAMP NOT NULL,
  -- the one-shot message for the next page
  FLASH VARCHAR(2000)
);
-- sign-out everywhere (a changed password) by account
CREATE INDEX WEB_SESSION_ACCOUNT ON WEB_SESSION (ACCOUNTID);
-- the purge of expired sessions and the bound, by idleness
CREATE INDEX WEB_SESSION_LASTSEEN ON WEB_SESSION (LASTSEEN);
