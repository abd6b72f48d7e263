-- AllianceFlow's own database and role, separate from Temporal's databases.
CREATE ROLE allianceflow LOGIN PASSWORD 'change-me';
CREATE DATABASE allianceflow OWNER allianceflow;
