-- What each announced change of a tenant touched (AccessModel): one row per membership, grant or
-- profile, under the tenant's change number. A node that learns of other nodes' changes reads
-- the rows of the changes it has not seen and brings its in-memory model up by them, as after a
-- change of its own, instead of loading the whole tenant again. Kind: M membership changed,
-- R membership's customers changed, A account (of a membership), G grant, P profile. Old numbers are purged as the log
-- grows; a node further behind than the log loads the tenant whole. Written only when nodes
-- share a PostgreSQL database; empty on embedded Derby.
CREATE TABLE TENANT_CHANGE_ITEM (
  TENANTID VARCHAR(64) NOT NULL,
  CHANGENO BIGINT NOT NULL,
  KIND CHAR(1) NOT NULL,
  ITEMID VARCHAR(64) NOT NULL
);
CREATE INDEX TENANT_CHANGE_ITEM_NO ON TENANT_CHANGE_ITEM (TENANTID, CHANGENO);
