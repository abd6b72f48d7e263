// B4 listing: GET /v1/agreements and GET /v1/placements (first page, the default 50 rows, newest first)
// at 1k, 10k and 100k rows the caller can see, p50 and p95 of sequential requests; the ratio between
// sizes says how the list scales (flat: an index range scan; linear: a scan and a sort of every
// visible row). The rows are written straight into the database in bulk (INSERT ... SELECT
// generate_series), as the projection would hold them. Baseline: the same query in plain SQL over one
// pg connection, no API and no ORM: what the database itself needs; its plan is printed too.
import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import type { BenchEnvironment } from './environment';
import { call } from './fixtures';
import { type BenchResult, line, type SummaryRow, table } from './report';
import { fmt, latencySummary, type LatencySummary } from './stats';
import { createOrganization, createUser, type TestUser } from '../test/support/parties';
import { registerAlliance } from '../api/parties/alliances';

export interface B4Options {
  sizes: number[];
  samples: number;
  deadline: number;
}

interface ListCase {
  name: string;
  path: string;
  who: TestUser;
  sql: string;
  params: string[];
  /** Writes rows from..to; a case listing rows another case seeds has none. */
  seed?: (pg: PgClient, from: number, to: number) => Promise<void>;
}

async function timed(samples: number, run: () => Promise<unknown>): Promise<LatencySummary> {
  for (let i = 0; i < 3; i++) await run();
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await run();
    ms.push(performance.now() - t0);
  }
  return latencySummary(ms);
}

type PlanNode = { 'Node Type': string; 'Index Name'?: string; Plans?: PlanNode[] };

/** The plan's node types, outermost first, e.g. "Limit > Index Scan Backward"; branches in [ | ]. */
function planOutline(plan: PlanNode): string {
  const nodes: string[] = [];
  let node: PlanNode | undefined = plan;
  while (node) {
    nodes.push(node['Node Type'] + (node['Index Name'] ? ` (${node['Index Name']})` : ''));
    const children: PlanNode[] = node.Plans ?? [];
    if (children.length > 1 && /Append/.test(node['Node Type'])) {
      nodes.push(`[${children.map(planOutline).join(' | ')}]`);
      break;
    }
    node = children[0];
  }
  return nodes.join(' > ');
}

export async function runB4(env: BenchEnvironment, options: B4Options): Promise<BenchResult> {
  await env.startApi();
  const pg = new PgClient({ connectionString: env.stack.databaseUrl });
  await pg.connect();
  try {
    // Agreements: an alliance's secretariat sees all of them; three organisations are parties to each.
    const secretariatOrg = await createOrganization(env.db, 'association', 'B4 secretariat');
    const secretariat = await createUser(env.db, { organizationId: secretariatOrg.id, roles: ['secretariat'] });
    const alliance = await registerAlliance(env.db, randomUUID(), { name: 'B4 alliance', secretariatOrganizationId: secretariatOrg.id });
    const partyOrgs = await Promise.all([
      createOrganization(env.db, 'secondary_vocational_school'),
      createOrganization(env.db, 'enterprise'),
      createOrganization(env.db, 'university'),
    ]);
    const partySignatory = await createUser(env.db, { organizationId: partyOrgs[0]!.id, roles: ['signatory'] });
    // Placements: a school's coordinator sees all of its school's.
    const school = await createOrganization(env.db, 'secondary_vocational_school', 'B4 school');
    const enterprise = await createOrganization(env.db, 'enterprise', 'B4 enterprise');
    const coordinator = await createUser(env.db, { organizationId: school.id, roles: ['school_coordinator'] });

    const cases: ListCase[] = [
      {
        name: 'GET /v1/agreements',
        path: '/v1/agreements',
        who: secretariat,
        // The API's query: one page per way of seeing an agreement (secretariat, party organisation,
        // party in person), merged (api/pagination.ts mergeBranches).
        sql: `SELECT * FROM (
                (SELECT * FROM agreements WHERE secretariat_organization_id = $1 ORDER BY created_at DESC, id DESC LIMIT 51)
                UNION ALL
                (SELECT * FROM agreements WHERE id IN (SELECT agreement_id FROM agreement_parties WHERE organization_id = $1)
                 ORDER BY created_at DESC, id DESC LIMIT 51)
                UNION ALL
                (SELECT * FROM agreements WHERE id IN (SELECT agreement_id FROM agreement_parties WHERE user_id = $2)
                 ORDER BY created_at DESC, id DESC LIMIT 51)) AS visible
              ORDER BY created_at DESC, id DESC LIMIT 51`,
        params: [secretariatOrg.id, secretariat.id],
        seed: async (client, from, to) => {
          await client.query(
            `WITH rows AS (
               INSERT INTO agreements (id, workflow_id, alliance_id, secretariat_organization_id, launched_by, title, kind, status, version,
                                       document_sha256, deadline, current_routing_group, created_at, updated_at)
               SELECT g.id, 'agreement-' || g.id, $1, $2, $3, 'Co-education project agreement ' || i,
                      (ARRAY['alliance_charter','cooperation_memorandum','co_education_project','tripartite_placement'])[1 + i % 4]::"AgreementKind",
                      (ARRAY['in_progress','effective','declined','expired'])[1 + i % 4]::"AgreementStatus", 1,
                      repeat('a', 64), now() + interval '30 days', 1, now() - make_interval(secs => i), now()
               FROM generate_series($4::int, $5::int) AS i, LATERAL (SELECT gen_random_uuid()::text AS id, i AS n) g
               RETURNING id)
             INSERT INTO agreement_parties (agreement_id, party_id, display_name, role, routing_group, kind, organization_id, state)
             SELECT r.id, 'party-' || k, 'Party ' || k, 'signer', k, 'organization', ($6::text[])[k], 'pending'
             FROM rows r CROSS JOIN generate_series(1, 3) AS k`,
            [alliance.id, secretariatOrg.id, secretariat.id, from, to, partyOrgs.map((o) => o.id)],
          );
        },
      },
      {
        // The same rows seen by a party: an organisation that is a party to every one of them.
        name: 'GET /v1/agreements (party)',
        path: '/v1/agreements',
        who: partySignatory,
        sql: `SELECT * FROM (
                (SELECT * FROM agreements WHERE id IN (SELECT agreement_id FROM agreement_parties WHERE organization_id = $1)
                 ORDER BY created_at DESC, id DESC LIMIT 51)
                UNION ALL
                (SELECT * FROM agreements WHERE id IN (SELECT agreement_id FROM agreement_parties WHERE user_id = $2)
                 ORDER BY created_at DESC, id DESC LIMIT 51)) AS visible
              ORDER BY created_at DESC, id DESC LIMIT 51`,
        params: [partyOrgs[0]!.id, partySignatory.id],
      },
      {
        name: 'GET /v1/placements',
        path: '/v1/placements',
        who: coordinator,
        sql: `SELECT * FROM placements
              WHERE student_user_id = $2 OR guardian_user_id = $2 OR school_mentor_user_id = $2 OR enterprise_mentor_user_id = $2
                 OR school_organization_id = $1 OR enterprise_organization_id = $1
              ORDER BY created_at DESC, id DESC LIMIT 51`,
        params: [school.id, coordinator.id],
        seed: async (client, from, to) => {
          await client.query(
            `INSERT INTO placements (id, workflow_id, status, cohort, student_user_id, school_organization_id, enterprise_organization_id, position_id,
                                     school_mentor_user_id, enterprise_mentor_user_id, agreement_id, started_at, weeks, next_check_in_due_at, created_at, updated_at)
             SELECT g.id, 'placement-' || g.id, (ARRAY['active','active','awaiting_start','completed'])[1 + i % 4]::"PlacementStatus", '2027-spring',
                    gen_random_uuid()::text, $1, $2, gen_random_uuid()::text, gen_random_uuid()::text, gen_random_uuid()::text, gen_random_uuid()::text,
                    now() - interval '10 days', 20, now() + interval '4 days', now() - make_interval(secs => i), now()
             FROM generate_series($3::int, $4::int) AS i, LATERAL (SELECT gen_random_uuid()::text AS id, i AS n) g`,
            [school.id, enterprise.id, from, to],
          );
        },
      },
    ];

    const results: Record<string, { size: number; api: LatencySummary; sql: LatencySummary; plan: string; seedSeconds: number }[]> = {};
    let seeded = 0;
    const report: string[][] = [];
    for (const size of [...options.sizes].sort((a, b) => a - b)) {
      if (Date.now() > options.deadline) break;
      for (const c of cases) {
        const began = performance.now();
        if (size > seeded && c.seed) await c.seed(pg, seeded + 1, size);
        await pg.query(`ANALYZE ${c.path.endsWith('agreements') ? 'agreements, agreement_parties' : 'placements'}`);
        const seedSeconds = (performance.now() - began) / 1000;
        const page = await call<{ items: unknown[] }>(env.apiUrl, 'GET', c.path, c.who, undefined, 200);
        if (page.items.length !== 50) throw new Error(`${c.path} answered ${page.items.length} rows, not a full page`);
        const api = await timed(options.samples, () => call(env.apiUrl, 'GET', c.path, c.who, undefined, 200));
        const sql = await timed(options.samples, () => pg.query(c.sql, c.params));
        const explained = await pg.query(`EXPLAIN (FORMAT JSON) ${c.sql}`, c.params);
        const plan = planOutline((explained.rows[0] as { 'QUERY PLAN': { Plan: PlanNode }[] })['QUERY PLAN'][0]!.Plan);
        (results[c.name] ??= []).push({ size, api, sql, plan, seedSeconds });
        report.push([c.name, String(size), fmt(api.p50), fmt(api.p95), fmt(sql.p50), fmt(api.p50 / sql.p50, 1), plan]);
        line(`  ${c.name} at ${size} rows: p50 ${fmt(api.p50)} ms (SQL ${fmt(sql.p50)} ms); seeded in ${fmt(seedSeconds)} s; plan ${plan}`);
      }
      seeded = size;
    }
    line();
    line(table(['list', 'rows', 'API p50 ms', 'API p95 ms', 'SQL p50 ms', 'API/SQL', 'plan'], report).replace(/^/gm, '  '));

    const rows: SummaryRow[] = [];
    for (const [name, points] of Object.entries(results)) {
      const first = points[0]!;
      for (const p of points) {
        rows.push({
          benchmark: 'B4',
          measure: `${name} p50 ms at ${p.size} rows${p === first ? '' : ` (x${fmt(p.size / first.size, 0)} rows)`}`,
          ours: fmt(p.api.p50),
          baseline: `SQL ${fmt(p.sql.p50)}`,
          ratio: p === first ? `API/SQL ${fmt(p.api.p50 / p.sql.p50, 1)}` : `x${fmt(p.api.p50 / first.api.p50, 2)} vs ${first.size}`,
        });
      }
    }
    return { name: 'B4', title: 'listing', rows, details: { options, results } };
  } finally {
    await pg.end();
  }
}
