// F6 the default configuration under concurrent load: the system as `npm start` runs it with no settings
// (embedded PostgreSQL, its own Temporal dev server, worker, round worker and API as child processes), then
//   - 16 clients listing GET /v1/users?limit=50 as users of two organisations (8 each),
//   - at the same time 8 clients launching agreements,
//   - and, during that load, one real matching round (not a dry run).
// Every list must hold exactly the caller's organisation's users (the earlier embedded database, PGlite,
// answered some of B's requests with A's users under this load, refused valid tokens and lost launches);
// no 5xx; every launch 201; the round 201 (it hung for 60 s there: a query outside its transaction). The
// embedded data folder is 0700. Ctrl-C then stops everything once, in reverse order of starting.
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { registerAlliance } from '../../api/parties/alliances';
import { createDatabase, type Database } from '../../platform/database';
import { admitMembers } from '../support/alliance-members';
import { createOrganization, createUser, type TestUser } from '../support/parties';
import { birthDateForAge, compliantPosition, todayInBeijing } from '../workflows/placement-fixtures';
import { printFigures } from './support/figures';
import { recordingPhases, roundPhases } from './support/round-phases';
import { npmStart, type StartedSystem } from './support/npm-start';
import { type Answer, call } from './support/resilient-client';
import { budgetMs, scale } from './support/scale';

const READERS = 16;
const LAUNCHERS = 8;
const READS = scale.f6Reads;
const LAUNCHES = scale.f6Launches;
const USERS_PER_ORGANIZATION = 12;
const STUDENTS = 6;

let system: StartedSystem | undefined;
let db: Database | undefined;

beforeAll(async () => {
  system = await npmStart('f6');
  db = createDatabase(system.ownerDatabaseUrl, { maxConnections: 4 });
}, 600_000);
afterAll(async () => {
  await db?.$disconnect();
  await system?.dispose();
}, 180_000);

interface Organisation {
  id: string;
  users: TestUser[];
  userIds: Set<string>;
}

async function organisationWithUsers(database: Database, label: string): Promise<Organisation> {
  const org = await createOrganization(database, 'enterprise', `F6 ${label}`);
  const users: TestUser[] = [];
  for (let i = 0; i < USERS_PER_ORGANIZATION; i++) {
    users.push(await createUser(database, { organizationId: org.id, roles: i === 0 ? ['signatory'] : ['mentor'], name: `${label} user ${i}` }));
  }
  return { id: org.id, users, userIds: new Set(users.map((u) => u.id)) };
}

/** A school with STUDENTS adult students applying to one position of an enterprise: a round to run. */
async function matchingRoundFixture(database: Database, baseUrl: string, cohort: string) {
  const school = await createOrganization(database, 'secondary_vocational_school', 'F6 school');
  const enterprise = await createOrganization(database, 'enterprise', 'F6 host enterprise');
  const coordinator = await createUser(database, { organizationId: school.id, roles: ['school_coordinator'] });
  const schoolMentor = await createUser(database, { organizationId: school.id, roles: ['mentor'] });
  const signatory = await createUser(database, { organizationId: enterprise.id, roles: ['signatory'] });
  const mentor = await createUser(database, { organizationId: enterprise.id, roles: ['mentor'] });
  const position = await call(baseUrl, '/v1/positions', {
    headers: signatory.auth,
    body: {
      enterpriseOrganizationId: enterprise.id,
      mentorUserId: mentor.id,
      title: 'F6 position',
      location: 'Shenzhen',
      capacity: 3,
      ...compliantPosition({ startDate: todayInBeijing(7) }),
    },
  });
  if (position.status !== 201) throw new Error(`publish position: ${position.status} ${JSON.stringify(position.body)}`);
  for (let i = 0; i < STUDENTS; i++) {
    const student = await createUser(database, {
      organizationId: school.id,
      roles: ['student'],
      birthDate: new Date(`${birthDateForAge(19)}T00:00:00Z`),
    });
    const applied = await call(baseUrl, '/v1/applications', {
      headers: student.auth,
      body: { cohort, yearOfStudy: 2, majorCode: '460104', schoolMentorUserId: schoolMentor.id, preferences: [position.body.id] },
    });
    if (applied.status !== 201) throw new Error(`apply: ${applied.status} ${JSON.stringify(applied.body)}`);
  }
  return { schoolId: school.id, cohort, coordinator };
}

async function runRound(baseUrl: string, round: Awaited<ReturnType<typeof matchingRoundFixture>>) {
  const sent = Date.now();
  const answer = await call(baseUrl, '/v1/matching-rounds', {
    // With an Idempotency-Key, as the web console sends every write.
    headers: { ...round.coordinator.auth, 'idempotency-key': `f6-round-${round.cohort}` },
    body: { schoolOrganizationId: round.schoolId, cohort: round.cohort },
    requestTimeoutMs: 120_000,
  });
  const answeredAt = Date.now();
  return { answer, ms: answeredAt - sent, sent, answeredAt };
}

const describeRound = (r: Awaited<ReturnType<typeof runRound>>) =>
  `${statusKey(r.answer)} in ${r.ms} ms (${r.answer.body?.matched ?? '?'} matched of ${r.answer.body?.applicants ?? '?'})`;

/** The API's phases from its Server-Timing header (api/server-timing.ts): "rate-limit 3, auth 1, ..., total 42 ms". */
const apiPhases = (r: Awaited<ReturnType<typeof runRound>>) =>
  r.answer.serverTiming
    ? `${r.answer.serverTiming
        .split(',')
        .map((p) => p.trim().replace(/;dur=([\d.]+)$/, (_m, ms: string) => ` ${Math.round(Number(ms))}`))
        .join(', ')} ms`
    : 'no Server-Timing header';

/** Runs `total` jobs on `width` clients, each client one request at a time. */
async function clients(width: number, total: number, job: (client: number, n: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async (_, client) => {
      for (let n = next++; n < total; n = next++) await job(client, n);
    }),
  );
}

const statusKey = (a: Answer & { failure?: string }) => a.failure ?? String(a.status);

function countOf(map: Map<string, number>): string {
  return [...map]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k}×${n}`)
    .join(' ');
}

test(
  `F6: ${READS} user lists by 16 clients of two organisations, ${LAUNCHES} launches by 8 clients and one matching round, on npm start's defaults`,
  async () => {
    const started = system!;
    const database = db!;
    const startedAt = Date.now();

    // The embedded database's folder, which start-up names: the server's user alone may read it.
    expect(started.ownLines).toContain(`  Database data:   ${path.join(started.dataDir, 'postgres')}`);
    const folder = statSync(path.join(started.dataDir, 'postgres'));
    const folderMode = (folder.mode & 0o777).toString(8).padStart(4, '0');

    const [a, b] = [await organisationWithUsers(database, 'A'), await organisationWithUsers(database, 'B')];
    const secretariatOrg = await createOrganization(database, 'association', 'F6 secretariat');
    const secretariat = await createUser(database, { organizationId: secretariatOrg.id, roles: ['secretariat'] });
    const alliance = await registerAlliance(database, randomUUID(), {
      name: `F6 alliance ${randomUUID().slice(0, 8)}`,
      secretariatOrganizationId: secretariatOrg.id,
      memberOrganizationIds: [a.id, b.id],
    });
    // Listed organisations are invited; they accept, as an agreement names only members.
    await admitMembers(database, alliance.id, [a.id, b.id]);
    // One round while the load runs, one once it is over (the same work, for comparison).
    const loadedRound = await matchingRoundFixture(database, started.baseUrl, 'f6-under-load');
    const quietRound = await matchingRoundFixture(database, started.baseUrl, 'f6-quiet');

    const reads = new Map<string, number>();
    const launches = new Map<string, number>();
    let wrongOrganisation = 0;
    let incompleteLists = 0;
    let serverErrors = 0;
    const problems: string[] = [];
    let readsDone = 0;

    const reading = clients(READERS, READS, async (client) => {
      // Clients 0-7 read as users of A, 8-15 as users of B.
      const org = client < READERS / 2 ? a : b;
      const user = org.users[client % (READERS / 2)]!;
      const answer = await call(started.baseUrl, '/v1/users?limit=50', { headers: user.auth, requestTimeoutMs: 120_000 });
      readsDone++;
      reads.set(statusKey(answer), (reads.get(statusKey(answer)) ?? 0) + 1);
      if (answer.status >= 500) serverErrors++;
      if (answer.status !== 200) {
        if (problems.length < 10) problems.push(`GET /v1/users as ${user.id}: ${statusKey(answer)} ${JSON.stringify(answer.body).slice(0, 200)}`);
        return;
      }
      const items = answer.body.items as { id: string; organizationId: string | null }[];
      const foreign = items.filter((u) => u.organizationId !== org.id || !org.userIds.has(u.id));
      if (foreign.length > 0) {
        wrongOrganisation++;
        if (problems.length < 10) problems.push(`a user of ${org.id} was shown ${foreign.length} users of another organisation`);
      } else if (items.length !== org.userIds.size) {
        incompleteLists++;
        if (problems.length < 10) problems.push(`a user of ${org.id} was shown ${items.length} of its ${org.userIds.size} users`);
      }
    });

    const launching = clients(LAUNCHERS, LAUNCHES, async (_client, n) => {
      const answer = await call(started.baseUrl, '/v1/agreements', {
        headers: { ...secretariat.auth, 'idempotency-key': `f6-launch-${n}` },
        requestTimeoutMs: 120_000,
        body: {
          allianceId: alliance.id,
          title: `F6 agreement ${n}`,
          kind: 'cooperation_memorandum',
          document: { text: `Cooperation memorandum ${n} between A and B.` },
          parties: [
            { partyId: 'a', displayName: 'A', role: 'signer', routingGroup: 1, organizationId: a.id },
            { partyId: 'b', displayName: 'B', role: 'signer', routingGroup: 1, organizationId: b.id },
          ],
          policy: { deadline: 'PT6H' },
        },
      });
      launches.set(statusKey(answer), (launches.get(statusKey(answer)) ?? 0) + 1);
      if (answer.status >= 500) serverErrors++;
      if (answer.status !== 201 && problems.length < 10) problems.push(`launch ${n}: ${statusKey(answer)} ${JSON.stringify(answer.body).slice(0, 200)}`);
    });

    // The round while the load runs: once a quarter of the reads are done.
    const roundAnswer = (async () => {
      while (readsDone < READS / 4) await new Promise((resolve) => setTimeout(resolve, 50));
      return runRound(started.baseUrl, loadedRound);
    })();

    const [, , matching] = await Promise.all([reading, launching, roundAnswer]);
    const quiet = await runRound(started.baseUrl, quietRound);
    for (const [name, r] of [
      ['under load', matching],
      ['after the load', quiet],
    ] as const) {
      if (r.answer.status >= 500) serverErrors++;
      if (r.answer.status !== 201) problems.push(`matching round ${name}: ${statusKey(r.answer)} ${JSON.stringify(r.answer.body).slice(0, 300)}`);
    }
    const launched = launches.get('201') ?? 0;
    // Where each round's time went (its workflow's history), and how busy the machine was meanwhile.
    const phases = async (r: typeof quiet) =>
      r.answer.status === 201
        ? roundPhases(started.temporalAddress, r.answer.body.id as string, r.sent, r.answeredAt).catch(
            (error: unknown) => `phases unavailable: ${String(error)}`,
          )
        : 'no round';
    const [loadedPhases, quietPhases] = [await phases(matching), await phases(quiet)];
    const recording = (r: typeof quiet) => (r.answer.status === 201 ? recordingPhases(started.logFile, r.answer.body.id as string) : 'no round');

    printFigures({
      scenario: 'F6 default configuration',
      startedAt,
      operations: READS + LAUNCHES + 2,
      operationsDetail: `${READS} user lists by ${READERS} clients of 2 organisations + ${LAUNCHES} launches by ${LAUNCHERS} clients + 1 matching round during them, 1 after`,
      faults: 0,
      lost: LAUNCHES - launched,
      duplicated: 0,
      notes: [
        `reads ${countOf(reads)}`,
        `wrong-organisation answers ${wrongOrganisation}`,
        `incomplete lists ${incompleteLists}`,
        `5xx ${serverErrors}`,
        `launches ${countOf(launches)}`,
        `matching round under load ${describeRound(matching)}`,
        `matching round after the load ${describeRound(quiet)}`,
        `round phases under load: API ${apiPhases(matching)}; workflow ${loadedPhases}; recording ${recording(matching)}`,
        `round phases after the load: API ${apiPhases(quiet)}; workflow ${quietPhases}; recording ${recording(quiet)}`,
        `load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')} (${cpus().length} cores)`,
        `embedded data folder mode ${folderMode}`,
      ],
      problems,
    });
    // Acceptance 1 of issue 13 asks for a round answered within a second: a benchmark figure for a quiet
    // machine (tests assert no times), printed here for whoever runs F6 on one.
    process.stdout.write(
      `\n[F6 default configuration] MATCHING ROUND LATENCY (target: within 1000 ms on a quiet machine): under load ${matching.ms} ms, after the load ${quiet.ms} ms; load average ${loadavg()[0]!.toFixed(2)} on ${cpus().length} cores\n`,
    );

    expect(wrongOrganisation).toBe(0);
    expect(incompleteLists).toBe(0);
    expect(serverErrors).toBe(0);
    expect(reads.get('200')).toBe(READS);
    expect(launched).toBe(LAUNCHES);
    for (const r of [matching, quiet]) {
      expect(r.answer.status).toBe(201);
      expect(r.answer.body.matched).toBeGreaterThan(0);
    }
    expect(folderMode).toBe('0700');
    if (process.getuid?.() === 0) expect(folder.uid).not.toBe(0);

    // Ctrl-C: every service stopped once, the last started first.
    await database.$disconnect();
    db = undefined;
    const code = await started.interrupt();
    const shutdown = started.ownLines.slice(started.ownLines.findIndex((l) => l.includes('SIGINT: shutting down')));
    // Only start.ts's own lines (the children also write plain lines to the shared stderr).
    const own = shutdown.filter((l) => /^(SIGINT: |stopping |could not stop |all stopped)/.test(l));
    process.stdout.write(`\n[F6 default configuration] after Ctrl-C: ${own.join(' | ')}\n`);
    expect(code).toBe(0);
    expect(own.filter((l) => l.startsWith('stopping ') || l === 'all stopped')).toEqual([
      'stopping API',
      'stopping round worker',
      'stopping worker',
      'stopping embedded PostgreSQL',
      'stopping Temporal dev server',
      'all stopped',
    ]);
  },
  budgetMs(300_000, 150, scale.f6Reads + scale.f6Launches),
);
