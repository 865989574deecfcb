-- The time zone in which mails and screens show a tenant's times (an IANA id); times are stored in UTC.
ALTER TABLE TENANT ADD COLUMN TIMEZONE VARCHAR(64) DEFAULT 'Europe/Berlin' NOT NULL;
