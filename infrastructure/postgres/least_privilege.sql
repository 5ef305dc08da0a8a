-- A least-privilege role for the caseledger application on PostgreSQL.
--
-- Run as the owner of the event table (who created it), with psql variables:
--   psql -v schema=public -v app_role=caseledger_app -f infrastructure/postgres/least_privilege.sql
-- The application then connects as that role (CASELEDGER_DATABASE_URL=postgresql://caseledger_app@host/db).
--
-- The role appends events but can never change or remove one: it has no DELETE or TRUNCATE on the event
-- table, and a trigger it cannot drop (it does not own the table) rejects every UPDATE and DELETE. It keeps
-- table-level UPDATE only because the event recorder takes `LOCK TABLE ... IN EXCLUSIVE MODE` to keep
-- commit order equal to position order, and PostgreSQL asks for UPDATE, DELETE or TRUNCATE to grant it.
-- The views, their positions and the seal leaves are derived data: the role creates and owns them
-- (CREATE on the schema), so it can rebuild them.

SET search_path TO :"schema";

CREATE OR REPLACE FUNCTION caseledger_events_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger events are immutable: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END $$;

DROP TRIGGER IF EXISTS caseledger_events_immutable ON caseledger_events;
CREATE TRIGGER caseledger_events_immutable BEFORE UPDATE OR DELETE ON caseledger_events
    FOR EACH ROW EXECUTE FUNCTION caseledger_events_are_immutable();

GRANT USAGE, CREATE ON SCHEMA :"schema" TO :"app_role";
REVOKE ALL ON caseledger_events FROM :"app_role";
GRANT SELECT, INSERT, UPDATE ON caseledger_events TO :"app_role";
GRANT USAGE, SELECT ON SEQUENCE caseledger_events_notification_id_seq TO :"app_role";
-- The data subjects' keys (kept apart from the events): read, create, and destroy on erasure.
CREATE TABLE IF NOT EXISTS subject_keys (subject_id TEXT PRIMARY KEY, key_hex TEXT NOT NULL);
GRANT SELECT, INSERT, DELETE ON subject_keys TO :"app_role";
