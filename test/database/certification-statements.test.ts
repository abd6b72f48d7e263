// The certification workflow's one-statement reads and writes against the run's real PostgreSQL
// (activities/certification: progress-statement.ts, candidate-record.ts, reviewer-pool.ts): the rows a
// progress record writes, read back through Prisma; a retry that leaves the same rows; a task whose
// application is missing refused whole; the audit entries written by the same statement, and the fallback
// when they are there already; the candidate's valid certificates; a reviewer pool with its load.
// The workflow's own use of them: test/api/certification-review.test.ts.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAuditKeys } from '../../activities/audit/audit-signing';
import { appendAuditEntries, readAuditTrail } from '../../activities/audit/audit-trail';
import { readCandidateRecord } from '../../activities/certification/candidate-record';
import { writeApplicationProgress } from '../../activities/certification/progress-statement';
import { findReviewers } from '../../activities/certification/reviewer-pool';
import type { ApplicationRecord, EligibilityRequest, ReviewTaskRecord } from '../../core/certification-review/records';
import { createDatabase, type Database } from '../../platform/database';
import { createLogger } from '../../platform/logger';
import { GENESIS_HASH } from '../../core/audit/audit-chain';
import type { AuditEntryInput } from '../../core/audit/audit-entry';
import type { ApplicationProgress } from '../../core/certification-review/records';
import { createOrganization, createUser } from '../support/parties';

let db: Database;
let programmeId: string;
let secretariatOrganizationId: string;
let evaluationOrganizationId: string;
let candidateUserId: string;

beforeAll(async () => {
  db = createDatabase(process.env.DATABASE_URL!, { maxConnections: 2 });
  const [secretariat, evaluation, school] = await Promise.all([
    createOrganization(db, 'association'),
    createOrganization(db, 'research_institute'),
    createOrganization(db, 'secondary_vocational_school'),
  ]);
  secretariatOrganizationId = secretariat.id;
  evaluationOrganizationId = evaluation.id;
  programmeId = `statements-${randomUUID().slice(0, 8)}`;
  await db.certificationProgramme.create({
    data: {
      id: programmeId,
      name: 'Statements',
      certificatePrefix: 'STM',
      secretariatOrganizationId,
      evaluationOrganizationIds: [evaluationOrganizationId],
      domains: ['big-data'],
      policy: {},
      createdBy: 'test',
    },
  });
  candidateUserId = (await createUser(db, { organizationId: school.id, roles: ['candidate'] })).id;
});

const keysDir = mkdtempSync(path.join(os.tmpdir(), 'certification-statements-'));
const issuerKeyPem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const keys = createAuditKeys({ certification: { issuerKeyPem }, audit: { trustedPublicKeys: [] }, dataDir: keysDir }, createLogger('test', 'silent'), 'sign');

afterAll(async () => {
  await db.$disconnect();
  rmSync(keysDir, { recursive: true, force: true });
});

function application(id: string, change: Partial<ApplicationRecord> = {}): ApplicationRecord {
  return {
    id,
    workflowId: `certification-${id}`,
    programmeId,
    domain: 'big-data',
    level: 'junior',
    candidateUserId,
    organizationId: null,
    appliedBy: candidateUserId,
    secretariatOrganizationId,
    trainingHours: 120,
    evidence: [{ name: '培训记录', reference: 'https://training.example.com/42', sha256: 'b'.repeat(64) }],
    status: 'eligibility_check',
    stage: null,
    round: 0,
    theoryScore: null,
    practicalScore: null,
    rejectionKind: null,
    rejectionReasons: [],
    appealableUntil: null,
    noticeEndsAt: null,
    certificateNumber: null,
    closed: false,
    submittedAt: '2026-12-06T01:02:03.456Z',
    ...change,
  };
}

function task(applicationId: string, seat: number, change: Partial<ReviewTaskRecord> = {}): ReviewTaskRecord {
  return {
    id: randomUUID(),
    applicationId,
    stage: 'formal',
    round: 1,
    seat,
    status: 'open',
    candidateUserIds: ['r1', 'r2'],
    assigneeUserId: null,
    dueAt: '2027-01-05T01:02:03.456Z',
    followUpAt: '2026-12-16T01:02:03.456Z',
    remindersSent: 0,
    escalations: 0,
    decision: null,
    decisionReason: null,
    decisionPoints: [],
    decidedBy: null,
    decidedAt: null,
    createdAt: '2026-12-06T02:00:00.000Z',
    ...change,
  };
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

describe('writeApplicationProgress', () => {
  test('writes the application row as recorded, then replaces it and inserts its tasks; a retry leaves the same rows', async () => {
    const id = randomUUID();
    await writeApplicationProgress(db, { application: application(id), tasks: [] });
    const first = await db.certificationApplication.findUniqueOrThrow({ where: { id } });
    expect(first).toMatchObject({ status: 'eligibility_check', stage: null, round: 0, trainingHours: 120, rejectionReasons: [], closed: false });
    expect(first.evidence).toEqual(application(id).evidence);
    expect(first.createdAt.toISOString()).toBe('2026-12-06T01:02:03.456Z');

    const later = application(id, {
      status: 'formal_review',
      stage: 'formal',
      round: 1,
      theoryScore: 82.5,
      practicalScore: 77,
      rejectionReasons: ['一', 'two'],
      noticeEndsAt: '2026-12-20T00:00:00.000Z',
    });
    const tasks = [task(id, 1), task(id, 2, { assigneeUserId: 'r2', decisionPoints: ['补充材料'] }), task(id, 3)];
    await writeApplicationProgress(db, { application: later, tasks });
    await writeApplicationProgress(db, { application: later, tasks });

    const row = await db.certificationApplication.findUniqueOrThrow({ where: { id }, include: { tasks: { orderBy: { seat: 'asc' } } } });
    expect(row).toMatchObject({ status: 'formal_review', stage: 'formal', round: 1, theoryScore: 82.5, practicalScore: 77, rejectionReasons: ['一', 'two'] });
    expect(iso(row.noticeEndsAt)).toBe('2026-12-20T00:00:00.000Z');
    expect(row.createdAt.toISOString()).toBe('2026-12-06T01:02:03.456Z');
    expect(row.updatedAt.getTime()).toBeGreaterThanOrEqual(first.updatedAt.getTime());
    expect(row.tasks.map((t) => [t.id, t.seat, t.status, t.assigneeUserId, t.candidateUserIds, t.decisionPoints])).toEqual(
      tasks.map((t) => [t.id, t.seat, 'open', t.assigneeUserId, ['r1', 'r2'], t.decisionPoints]),
    );
    expect(iso(row.tasks[0]!.dueAt)).toBe('2027-01-05T01:02:03.456Z');
    expect(row.tasks[0]!.priority).toBe(50);

    // A decision replaces the task's row.
    const decided = { ...tasks[1]!, status: 'completed' as const, decision: 'approve', decidedBy: 'r2', decidedAt: '2026-12-07T00:00:00.000Z' };
    await writeApplicationProgress(db, { application: later, tasks: [decided] });
    const after = await db.reviewTask.findUniqueOrThrow({ where: { id: decided.id } });
    expect(after).toMatchObject({ status: 'completed', decision: 'approve', decidedBy: 'r2', assigneeUserId: 'r2' });
    expect(await db.reviewTask.count({ where: { applicationId: id } })).toBe(3);
  });

  test('a task of an application that is neither there nor written is refused, and nothing of the statement is kept', async () => {
    const missing = randomUUID();
    const present = randomUUID();
    await writeApplicationProgress(db, { application: application(present), tasks: [] });
    await expect(writeApplicationProgress(db, { application: application(present, { status: 'formal_review' }), tasks: [task(missing, 1)] })).rejects.toThrow(
      /foreign key/i,
    );
    expect((await db.certificationApplication.findUniqueOrThrow({ where: { id: present } })).status).toBe('eligibility_check');
  });
});

describe('audit entries and progress in one statement (recordCertificationSteps)', () => {
  const entry = (applicationId: string, n: number, step: string): AuditEntryInput => ({
    subjectType: 'certification_application',
    subjectId: applicationId,
    entryKey: `certification-${applicationId}/${n}/${step}`,
    step,
    actor: 'system',
    occurredAt: new Date(Date.UTC(2026, 11, 6, 1, 2, n)).toISOString(),
    data: { n, note: '资格审查' },
  });
  // What activities/certification/storage.ts hands appendAuditEntries.
  const together = (progress: ApplicationProgress) => (insert?: Parameters<typeof writeApplicationProgress>[2]) =>
    writeApplicationProgress(db, progress, insert);

  test('a fresh application: entries chained from the genesis and the projection, written together; the next batch after the head it answered', async () => {
    const id = randomUUID();
    const submitted = { application: application(id), tasks: [] };
    const head = await appendAuditEntries(db, keys, [entry(id, 1, 'submitted'), entry(id, 2, 'eligibility_checked')], {
      after: { sequence: 0, hash: GENESIS_HASH },
      together: together(submitted),
    });
    expect(head).toMatchObject({ sequence: 2 });
    expect((await db.certificationApplication.findUniqueOrThrow({ where: { id } })).status).toBe('eligibility_check');

    const opened = { application: application(id, { status: 'formal_review', stage: 'formal', round: 1 }), tasks: [task(id, 1), task(id, 2)] };
    const next = await appendAuditEntries(db, keys, [entry(id, 3, 'exam_results_recorded'), entry(id, 4, 'review_tasks_opened')], {
      after: head!,
      together: together(opened),
    });
    expect(next).toMatchObject({ sequence: 4 });
    const trail = await readAuditTrail(db, keys, 'certification_application', id);
    expect(trail.entries.map((e) => [e.sequence, e.step, e.data])).toEqual([
      [1, 'submitted', { n: 1, note: '资格审查' }],
      [2, 'eligibility_checked', { n: 2, note: '资格审查' }],
      [3, 'exam_results_recorded', { n: 3, note: '资格审查' }],
      [4, 'review_tasks_opened', { n: 4, note: '资格审查' }],
    ]);
    expect(trail.verification).toMatchObject({ valid: true, proven: true, entries: 4, head: { sequence: 4, hash: next!.hash } });
    expect(await db.reviewTask.count({ where: { applicationId: id } })).toBe(2);
  });

  test('a retried batch meets its own entries: nothing of the combined statement is kept, the entries are found one by one and the projection written alone', async () => {
    const id = randomUUID();
    const batch = [entry(id, 1, 'submitted'), entry(id, 2, 'eligibility_checked')];
    const first = await appendAuditEntries(db, keys, batch, {
      after: { sequence: 0, hash: GENESIS_HASH },
      together: together({ application: application(id), tasks: [] }),
    });
    // The retry carries a later projection (as a batch retried after more steps were queued would not, but
    // it shows the projection is written by the fallback, not by the refused statement).
    const later = { application: application(id, { status: 'rejected' }), tasks: [] };
    const retried = await appendAuditEntries(db, keys, batch, { after: { sequence: 0, hash: GENESIS_HASH }, together: together(later) });
    expect(retried).toEqual(first);
    expect(await db.auditEntry.count({ where: { subjectId: id } })).toBe(2);
    expect((await db.certificationApplication.findUniqueOrThrow({ where: { id } })).status).toBe('rejected');
  });

  test('no entries: the projection is written alone', async () => {
    const id = randomUUID();
    expect(await appendAuditEntries(db, keys, [], { together: together({ application: application(id), tasks: [] }) })).toBeNull();
    expect(await db.certificationApplication.count({ where: { id } })).toBe(1);
  });
});

describe('readCandidateRecord', () => {
  const request = (change: Partial<EligibilityRequest> = {}): EligibilityRequest => ({
    applicationId: randomUUID(),
    candidateUserId,
    programmeId,
    domain: 'big-data',
    level: 'intermediate',
    trainingHours: 100,
    requirements: { trainingHours: 100, theoryPassMark: 60, practicalPassMark: 60, prerequisiteLevel: 'junior' },
    ...change,
  });

  test('an unknown candidate reads as none', async () => {
    expect(await readCandidateRecord(db, request({ candidateUserId: randomUUID() }))).toEqual({ candidate: null, held: [] });
  });

  test('the valid certificates of the asked levels, in this programme and domain, newest validity first', async () => {
    const candidate = (await createUser(db, { organizationId: null, roles: ['candidate'] })).id;
    const now = new Date('2027-06-01T00:00:00.000Z');
    const certificate = async (level: 'junior' | 'intermediate' | 'senior', validUntil: string, change: { domain?: string; revokedAt?: Date } = {}) => {
      const applicationId = randomUUID();
      await writeApplicationProgress(db, { application: application(applicationId, { candidateUserId: candidate, level }), tasks: [] });
      const number = `STM-${randomUUID().slice(0, 8)}`;
      await db.certificate.create({
        data: {
          id: randomUUID(),
          number,
          applicationId,
          programmeId,
          domain: change.domain ?? 'big-data',
          level,
          candidateUserId: candidate,
          secretariatOrganizationId,
          validFrom: new Date('2026-01-01T00:00:00.000Z'),
          validUntil: new Date(validUntil),
          credential: {},
          verificationMethod: 'did:key:test#test',
          issuedAt: new Date('2026-01-01T00:00:00.000Z'),
          revokedAt: change.revokedAt ?? null,
        },
      });
      return number;
    };
    const older = await certificate('junior', '2028-01-01T00:00:00.000Z');
    const newer = await certificate('junior', '2029-01-01T00:00:00.000Z');
    await certificate('junior', '2027-05-01T00:00:00.000Z'); // expired by `now`
    await certificate('junior', '2030-01-01T00:00:00.000Z', { revokedAt: new Date('2026-06-01T00:00:00.000Z') });
    await certificate('junior', '2030-01-01T00:00:00.000Z', { domain: 'artificial-intelligence' });
    await certificate('senior', '2030-01-01T00:00:00.000Z'); // a level the check does not ask about
    const same = await certificate('intermediate', '2028-06-01T00:00:00.000Z');

    const record = await readCandidateRecord(db, request({ candidateUserId: candidate }), now);
    expect(record.candidate).toEqual({ active: true });
    expect(record.held).toEqual([
      { number: newer, level: 'junior' },
      { number: same, level: 'intermediate' },
      { number: older, level: 'junior' },
    ]);

    await db.user.update({ where: { id: candidate }, data: { active: false } });
    const noPrerequisite = request({ candidateUserId: candidate, requirements: { ...request().requirements, prerequisiteLevel: null } });
    expect(await readCandidateRecord(db, noPrerequisite, now)).toEqual({ candidate: { active: false }, held: [{ number: same, level: 'intermediate' }] });
  });
});

describe('findReviewers', () => {
  test('the active reviewers of the bodies, ordered by id, each with the open tasks assigned to them', async () => {
    const body = (await createOrganization(db, 'research_institute')).id;
    const [a, b, inactive] = await Promise.all([
      createUser(db, { organizationId: body, roles: ['reviewer'] }),
      createUser(db, { organizationId: body, roles: ['reviewer', 'secretariat'] }),
      createUser(db, { organizationId: body, roles: ['reviewer'] }),
      createUser(db, { organizationId: body, roles: ['secretariat'] }),
    ]);
    await db.user.update({ where: { id: inactive.id }, data: { active: false } });
    const applicationId = randomUUID();
    await writeApplicationProgress(db, {
      application: application(applicationId),
      tasks: [
        task(applicationId, 1, { assigneeUserId: a.id }),
        task(applicationId, 2, { assigneeUserId: a.id }),
        task(applicationId, 3, { assigneeUserId: a.id, status: 'completed' }),
        task(applicationId, 4, { assigneeUserId: b.id, status: 'cancelled' }),
      ],
    });

    const pool = await findReviewers(db, { evaluationOrganizationIds: [body] });
    // The database's order of ids (its collation), as the pool was always read.
    const order = await db.user.findMany({ where: { id: { in: [a.id, b.id] } }, orderBy: { id: 'asc' }, select: { id: true } });
    const load = new Map([
      [a.id, 2],
      [b.id, 0],
    ]);
    expect(pool).toEqual(order.map(({ id }) => ({ userId: id, organizationId: body, openTasks: load.get(id) })));
    expect(await findReviewers(db, { evaluationOrganizationIds: [randomUUID()] })).toEqual([]);
  });
});
