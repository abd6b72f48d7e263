// Two database roles, so the application cannot rewrite its own audit trail:
//
// - the OWNER (MIGRATION_DATABASE_URL) owns every table and runs the migrations;
// - the APPLICATION role (DATABASE_URL, for the API, the worker and the seed) owns nothing. It gets
//   SELECT and INSERT on the append-only tables and ordinary DML on the rest, so it can neither UPDATE,
//   DELETE nor TRUNCATE an audit row, nor ALTER TABLE ... DISABLE TRIGGER, nor DROP (only an owner or a
//   superuser may alter or drop a table).
//
// The grants are a step the migrator runs after every migration run (`grantApplicationPrivileges`), not
// ALTER DEFAULT PRIVILEGES: default privileges would hand a future append-only table UPDATE and DELETE
// until its migration revoked them, and they apply only to tables created by the role that set them,
// so a migration run by another owner would silently grant nothing. The step is idempotent, recomputed
// from the catalogue and APPEND_ONLY_TABLES, and runs in one transaction (the application never sees a
// table without its grants).
import { randomBytes } from 'node:crypto';
import { Client, escapeIdentifier, escapeLiteral } from 'pg';
import type { Logger } from './logger';

/**
 * Tables whose rows, once written, are proof: the application may only read and append. Every table
 * with a trigger refusing UPDATE or DELETE must be listed (test/database/database-roles.test.ts checks).
 */
export const APPEND_ONLY_TABLES: readonly string[] = ['audit_entries', 'talent_consents'];

/** The role `npm start` creates for the API and the worker on its embedded database. */
export const EMBEDDED_APPLICATION_ROLE = 'allianceflow_app';

/** The user name a postgresql:// URL logs in as (libpq's default, the OS user, is not guessed here). */
export function roleOfUrl(url: string): string | undefined {
  try {
    const user = decodeURIComponent(new URL(url).username);
    return user || undefined;
  } catch {
    return undefined;
  }
}

async function withClient<T>(url: string, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: 'allianceflow-roles' });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Rows of one parameterised query: a pg client's or Prisma's ($queryRawUnsafe), whichever the caller holds. */
export type RowsQuery = (sql: string, values: unknown[]) => Promise<unknown[]>;

export function clientQuery(client: Client): RowsQuery {
  return async (sql, values) => (await client.query(sql, values)).rows;
}

export class ApplicationRoleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApplicationRoleError';
  }
}

/**
 * Why a role could rewrite the audit trail, or [] if it cannot: it is a superuser, or it owns (or is a
 * member of the owner of) an append-only table. Checked before granting and by the API and worker at
 * start-up (they log it).
 */
export async function auditTrailExposure(query: RowsQuery, role: string): Promise<string[]> {
  const roles = (await query('SELECT rolsuper FROM pg_roles WHERE rolname = $1', [role])) as { rolsuper: boolean }[];
  if (roles.length === 0) return [`role ${role} does not exist`];
  const reasons: string[] = [];
  if (roles[0]!.rolsuper) reasons.push(`role ${role} is a superuser`);
  const owned = (await query(
    `SELECT c.relname, pg_get_userbyid(c.relowner) AS owner
       FROM pg_class c
      WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
        AND c.relname = ANY($2::text[]) AND pg_has_role($1, c.relowner, 'MEMBER')`,
    [role, APPEND_ONLY_TABLES],
  )) as { relname: string; owner: string }[];
  for (const { relname, owner } of owned) {
    reasons.push(owner === role ? `role ${role} owns ${relname}` : `role ${role} is a member of ${owner}, the owner of ${relname}`);
  }
  return reasons;
}

/**
 * Gives `role` exactly the application's privileges on every table and sequence of the current schema:
 * SELECT, INSERT, UPDATE, DELETE, except SELECT and INSERT only on APPEND_ONLY_TABLES; nothing on the
 * migrator's own `_prisma_migrations`. Runs as the owner, on the client the migrator holds its lock on.
 */
export async function grantApplicationPrivileges(client: Client, role: string, log?: Logger): Promise<void> {
  const exposure = await auditTrailExposure(clientQuery(client), role);
  if (exposure.length > 0) {
    throw new ApplicationRoleError(
      `The application role cannot be ${role}: ${exposure.join('; ')}. Give DATABASE_URL a role that owns nothing ` + 'and MIGRATION_DATABASE_URL the owner',
    );
  }
  const r = escapeIdentifier(role);
  const { rows } = await client.query<{ schema: string }>('SELECT current_schema() AS schema');
  const schema = escapeIdentifier(rows[0]!.schema);
  const appendOnly = APPEND_ONLY_TABLES.map(escapeIdentifier);
  const { rows: present } = await client.query<{ relname: string }>(
    `SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relname = ANY($1::text[])`,
    [APPEND_ONLY_TABLES],
  );
  const existingAppendOnly = appendOnly.filter((_, i) => present.some((p) => p.relname === APPEND_ONLY_TABLES[i]));
  await client.query('BEGIN');
  try {
    await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${r}`);
    // Start from nothing, so a privilege granted by hand (or by an older release) does not linger.
    await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${r}`);
    await client.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${schema} FROM ${r}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${r}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${r}`);
    for (const table of existingAppendOnly) await client.query(`REVOKE UPDATE, DELETE ON ${schema}.${table} FROM ${r}`);
    // The migrator's bookkeeping is the owner's alone.
    const migrations = await client.query<{ exists: boolean }>(`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists`);
    if (migrations.rows[0]?.exists) await client.query(`REVOKE ALL ON _prisma_migrations FROM ${r}`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  log?.info({ role, appendOnly: APPEND_ONLY_TABLES }, `Granted the application role ${role} its privileges`);
}

/**
 * Creates the application role if it does not exist (LOGIN, no other attribute, so it inherits nothing)
 * and sets its password. For `npm start`'s embedded database and the tests, where one process holds
 * the owner's connection; in a deployment, the role is made by the database's administrator.
 */
export async function ensureApplicationRole(ownerUrl: string, role: string, password: string): Promise<void> {
  await withClient(ownerUrl, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    const verb = rowCount ? 'ALTER' : 'CREATE';
    // CREATE/ALTER ROLE take no parameters; the literal is escaped by pg itself.
    await client.query(
      `${verb} ROLE ${escapeIdentifier(role)} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${escapeLiteral(password)}`,
    );
  });
}

/** The owner's URL with the application role's name and password instead. */
export function applicationUrl(ownerUrl: string, role: string, password: string): string {
  const url = new URL(ownerUrl);
  url.username = encodeURIComponent(role);
  url.password = encodeURIComponent(password);
  return url.toString();
}

/**
 * For `npm start`: makes the application role on a database whose owner URL we hold (a fresh random
 * password every start, so none is stored), grants its privileges, and answers the URL the API and
 * worker connect with.
 */
export async function prepareApplicationRole(ownerUrl: string, log: Logger, role = EMBEDDED_APPLICATION_ROLE): Promise<string> {
  const password = randomBytes(24).toString('base64url');
  await ensureApplicationRole(ownerUrl, role, password);
  await withClient(ownerUrl, (client) => grantApplicationPrivileges(client, role, log));
  return applicationUrl(ownerUrl, role, password);
}

/**
 * At start-up of the API and the worker: say loudly when the role they connect as could rewrite the
 * audit trail (the deployment gave one URL for both roles, or a superuser's).
 */
export async function warnIfAuditTrailExposed(query: RowsQuery, log: Logger): Promise<void> {
  try {
    const [row] = (await query('SELECT current_user AS role', [])) as { role: string }[];
    const role = row!.role;
    const reasons = await auditTrailExposure(query, role);
    if (reasons.length > 0) {
      log.warn(
        { role, reasons },
        `The database role ${role} can rewrite the audit trail (${reasons.join('; ')}): set DATABASE_URL to a role that owns nothing and MIGRATION_DATABASE_URL to the owner (README, "Database roles")`,
      );
    }
  } catch (error) {
    log.warn({ err: error }, 'Could not check the database role');
  }
}
