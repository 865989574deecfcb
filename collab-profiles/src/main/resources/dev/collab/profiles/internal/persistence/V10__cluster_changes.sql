-- A tenant's change number: every change of its grants, memberships or profiles counts it up
-- under the tenant's row lock and announces it, so that nodes sharing a PostgreSQL database can
-- tell whether their in-memory access model of the tenant is current (AccessModel,
-- ClusterListener). On embedded Derby (one node) it stays 0.
ALTER TABLE TENANT ADD COLUMN CHANGESEQ BIGINT DEFAULT 0 NOT NULL;
