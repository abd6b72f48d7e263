// The application's database role (platform/database-roles.ts): what the API and the worker connect
// as cannot change or remove proof, whatever SQL it sends; it can still do its ordinary work. The whole
// suite runs as such a role (test/support/local-stack.ts), so every other test shows the grants suffice.
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { loadConfig } from '../../platform/config';
import { APPEND_ONLY_TABLES, ApplicationRoleError, roleOfUrl } from '../../platform/database-roles';
import { createLogger } from '../../platform/logger';
import { migrate } from '../../platform/migrator';
import { type ApplicationDatabase, createApplicationDatabase } from '../support/scratch-database';

const log = createLogger('roles-test', 'silent');
const config = loadConfig();

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

let app: Client;
let owner: Client;
beforeAll(async () => {
  app = await connect(config.database.url);
  owner = await connect(config.database.migrationUrl);
});
afterAll(async () => {
  await app?.end();
  await owner?.end();
});

async function appendRow(client: Client, subjectId: string): Promise<void> {
  await client.query(
    `INSERT INTO audit_entries (subject_type, subject_id, sequence, entry_key, step, actor, occurred_at, data, previous_hash, hash)
     VALUES ('agreement', $1, 1, 'k1', 'launched', 'u1', now(), '{}', $2, $3)`,
    [subjectId, '0'.repeat(64), 'a'.repeat(64)],
  );
}

test('the suite connects as a restricted role, not as the owner', async () => {
  const { rows } = await app.query<{ role: string; rolsuper: boolean }>('SELECT current_user AS role, rolsuper FROM pg_roles WHERE rolname = current_user');
  expect(rows[0]).toEqual({ role: roleOfUrl(config.database.url), rolsuper: false });
  expect(rows[0]!.role).not.toBe(roleOfUrl(config.database.migrationUrl));
  expect(config.database.applicationRole).toBe(rows[0]!.role);
});

test('the application role may append and read audit rows, and nothing else: UPDATE, DELETE, TRUNCATE, DISABLE TRIGGER, ALTER and DROP are refused', async () => {
  const subjectId = randomUUID();
  await appendRow(app, subjectId);
  const read = await app.query('SELECT actor FROM audit_entries WHERE subject_id = $1', [subjectId]);
  expect(read.rows).toEqual([{ actor: 'u1' }]);

  const refused: [string, RegExp][] = [
    [`UPDATE audit_entries SET actor = 'mallory' WHERE subject_id = '${subjectId}'`, /permission denied for table audit_entries/],
    [`DELETE FROM audit_entries WHERE subject_id = '${subjectId}'`, /permission denied for table audit_entries/],
    ['TRUNCATE audit_entries', /permission denied for table audit_entries/],
    ['ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_update_or_delete', /must be owner of table audit_entries/],
    ['ALTER TABLE audit_entries DISABLE TRIGGER ALL', /must be owner of table audit_entries/],
    ['ALTER TABLE audit_entries ADD COLUMN forged TEXT', /must be owner of table audit_entries/],
    ['DROP TRIGGER audit_entries_no_update_or_delete ON audit_entries', /must be owner of (table|relation) audit_entries/],
    ['DROP TABLE audit_entries', /must be owner of table audit_entries/],
    ['ALTER TABLE audit_entries OWNER TO CURRENT_USER', /must be owner of table audit_entries/],
    ['SET session_replication_role = replica', /permission denied to set parameter "session_replication_role"/],
    ['SELECT * FROM _prisma_migrations', /permission denied for table _prisma_migrations/],
  ];
  const answers: string[] = [];
  for (const [sql, expected] of refused) {
    const error = await app.query(sql).then(
      () => new Error(`accepted: ${sql}`),
      (e: Error) => e,
    );
    answers.push(`${sql} -> ${error.message}`);
    expect(error.message).toMatch(expected);
  }
  process.stdout.write(`refused to ${roleOfUrl(config.database.url)}:\n${answers.map((a) => `  ${a}`).join('\n')}\n`);
  // Nothing changed.
  expect((await owner.query('SELECT actor FROM audit_entries WHERE subject_id = $1', [subjectId])).rows).toEqual([{ actor: 'u1' }]);
});

test('ordinary DML on the other tables is granted (an organisation updated and deleted)', async () => {
  const id = randomUUID();
  await app.query(`INSERT INTO organizations (id, name, kind, credit_code) VALUES ($1, 'Role test', 'enterprise', $2)`, [
    id,
    `RT${id.replace(/-/g, '').slice(0, 16).toUpperCase()}`,
  ]);
  await app.query(`UPDATE organizations SET name = 'Role test 2' WHERE id = $1`, [id]);
  expect((await app.query('DELETE FROM organizations WHERE id = $1', [id])).rowCount).toBe(1);
});

test('every table with a trigger refusing UPDATE or DELETE is an append-only table of the grants', async () => {
  // pg_trigger.tgtype: bit 3 DELETE, bit 4 UPDATE.
  const { rows } = await owner.query<{ table: string }>(
    `SELECT DISTINCT c.relname AS table FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace AND (t.tgtype & (8 | 16)) <> 0`,
  );
  expect(rows.length).toBeGreaterThan(0);
  expect(APPEND_ONLY_TABLES).toEqual(expect.arrayContaining(rows.map((r) => r.table)));
});

describe('on a database of its own', () => {
  let database: ApplicationDatabase;
  beforeAll(async () => {
    database = await createApplicationDatabase('roles_test', log);
  });
  afterAll(async () => {
    await database?.drop();
  });

  test('a table added later gets its grants from the next migration run', async () => {
    const ownerClient = await connect(database.ownerUrl);
    const appClient = await connect(database.url);
    try {
      await ownerClient.query('CREATE TABLE added_later (id INT PRIMARY KEY, note TEXT)');
      await expect(appClient.query('INSERT INTO added_later VALUES (1, $1)', ['x'])).rejects.toThrow(/permission denied/);
      await migrate(database.ownerUrl, { log, grantTo: database.role });
      await appClient.query('INSERT INTO added_later VALUES (1, $1)', ['x']);
      await appClient.query(`UPDATE added_later SET note = 'y' WHERE id = 1`);
      await expect(appClient.query('ALTER TABLE added_later ADD COLUMN z INT')).rejects.toThrow(/must be owner/);
    } finally {
      await appClient.end();
      await ownerClient.end();
    }
  });

  test('the migrator refuses to grant to a role that could rewrite the trail (a superuser, the owner)', async () => {
    const superuser = roleOfUrl(database.ownerUrl)!;
    await expect(migrate(database.ownerUrl, { log, grantTo: superuser })).rejects.toThrow(ApplicationRoleError);
    await expect(migrate(database.ownerUrl, { log, grantTo: superuser })).rejects.toThrow(/is a superuser; role \S+ owns audit_entries/);
  });
});
