-- AllianceFlow's own database and roles, separate from Temporal's databases.
--   allianceflow      owns the database and every table: only the migration job logs in as it.
--   allianceflow_app  the API and the workers: owns nothing, so it cannot ALTER, DISABLE TRIGGER, DROP,
--                     UPDATE or DELETE the audit trail; the migrator grants it SELECT and INSERT there
--                     and ordinary DML elsewhere after every migration run (platform/database-roles.ts).
-- Change both passwords (APP_DB_PASSWORD and OWNER_DB_PASSWORD in docker-compose.yml must match).
CREATE ROLE allianceflow LOGIN PASSWORD 'change-me-owner';
CREATE ROLE allianceflow_app LOGIN PASSWORD 'change-me';
CREATE DATABASE allianceflow OWNER allianceflow;
-- PostgreSQL 15+ no longer lets PUBLIC create in schema public; revoke it for older servers too.
\connect allianceflow
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
