// The data part of migration 20261205040100_alliance_membership_consent: memberships recorded before
// membership became consent stay members (accepted); new ones start as invitations.
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createLogger } from '../../platform/logger';
import { DEFAULT_MIGRATIONS_DIR, migrate } from '../../platform/migrator';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-database';

const CONSENT = '20261205040100_alliance_membership_consent';
const log = createLogger('membership-migration-test', 'silent');
let database: ScratchDatabase;
let before: string;

beforeAll(async () => {
  database = await createScratchDatabase('membership_migration');
  // The project's migrations up to (not including) the consent migration.
  before = mkdtempSync(path.join(os.tmpdir(), 'membership-migration-'));
  for (const entry of readdirSync(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true })) {
    if (entry.isDirectory() ? entry.name < CONSENT : true)
      cpSync(path.join(DEFAULT_MIGRATIONS_DIR, entry.name), path.join(before, entry.name), { recursive: true });
  }
});
afterAll(async () => {
  await database?.drop();
  if (before) rmSync(before, { recursive: true, force: true });
});

test('existing alliance members become accepted members; a new membership row is an invitation', async () => {
  await migrate(database.url, { migrationsDir: before, log });
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(`INSERT INTO organizations (id, kind, name, credit_code) VALUES
      ('00000000-0000-4000-8000-0000000000a1', 'association', 'Old secretariat', '91440300MA5FXXX001'),
      ('00000000-0000-4000-8000-0000000000a2', 'enterprise', 'Old member', '91440300MA5FXXX002'),
      ('00000000-0000-4000-8000-0000000000a3', 'enterprise', 'Later invitee', '91440300MA5FXXX003')`);
    await client.query(
      `INSERT INTO alliances (id, name, secretariat_organization_id) VALUES ('00000000-0000-4000-8000-0000000000b1', 'Old alliance', '00000000-0000-4000-8000-0000000000a1')`,
    );
    await client.query(`INSERT INTO alliance_members (alliance_id, organization_id) VALUES
      ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000a1'),
      ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000a2')`);

    await migrate(database.url, { log });
    const rows = await client.query<{ organization_id: string; status: string; responded_at: Date | null }>(
      `SELECT organization_id, status::text AS status, responded_at FROM alliance_members ORDER BY organization_id`,
    );
    expect(rows.rows.map((r) => [r.organization_id.slice(-2), r.status, r.responded_at !== null])).toEqual([
      ['a1', 'accepted', true],
      ['a2', 'accepted', true],
    ]);
    await client.query(
      `INSERT INTO alliance_members (alliance_id, organization_id) VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000a3')`,
    );
    const later = await client.query<{ status: string }>(
      `SELECT status::text AS status FROM alliance_members WHERE organization_id = '00000000-0000-4000-8000-0000000000a3'`,
    );
    expect(later.rows).toEqual([{ status: 'invited' }]);
  } finally {
    await client.end();
  }
});
