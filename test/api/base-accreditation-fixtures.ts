// Fixtures of the base accreditation tests: an applying organisation with its staff, a government
// authority with its secretariat and reviewers, an application with a policy in seconds, and the
// routes' calls.
import { eventually } from '../support/eventually';
import { request } from '../support/http';
import { createOrganization, createUser, type TestUser } from '../support/parties';
import type { TestSystem } from '../support/test-system';
import type { Database } from '../../platform/database';
import type { AccreditationView, TaskView, YearView } from '../../core/base-accreditation/messages';

export interface AccreditationParties {
  baseId: string;
  baseStaff: TestUser;
  authorityId: string;
  authoritySecretariat: TestUser;
  /** Reviewers of the authority (the evaluation body by default). */
  reviewers: TestUser[];
  /** A reviewer of the applying organisation: a conflict of interest. */
  baseReviewer: TestUser;
  admin: TestUser;
}

export async function createAccreditationParties(db: Database, reviewerCount = 6): Promise<AccreditationParties> {
  const base = await createOrganization(db, 'university', 'Applying continuing-education base');
  const authority = await createOrganization(db, 'government', 'Human resources and social security bureau');
  const reviewers: TestUser[] = [];
  for (let i = 0; i < reviewerCount; i++)
    reviewers.push(await createUser(db, { organizationId: authority.id, roles: ['reviewer'], name: `Reviewer ${i + 1}` }));
  const [baseStaff, authoritySecretariat, baseReviewer, admin] = await Promise.all([
    createUser(db, { organizationId: base.id, roles: ['school_coordinator'] }),
    createUser(db, { organizationId: authority.id, roles: ['secretariat'] }),
    createUser(db, { organizationId: base.id, roles: ['reviewer'] }),
    createUser(db, { organizationId: null, roles: ['admin'] }),
  ]);
  return { baseId: base.id, baseStaff, authorityId: authority.id, authoritySecretariat, reviewers, baseReviewer, admin };
}

/** A policy in seconds: years of `cycle`, a report due within `reportWithin` of a year's end. */
export function fastPolicy(overrides: Record<string, unknown> = {}) {
  return {
    panel: { size: 3, quorum: 3, majority: 'simple' },
    taskDue: 'PT10M',
    noticePeriod: 'PT4S',
    validity: 'PT30M',
    cycle: 'PT8S',
    reportWithin: 'PT15S',
    rectificationWithin: 'PT30S',
    marks: { pass: 80, rectification: 60 },
    ...overrides,
  };
}

export function application(p: Pick<AccreditationParties, 'baseId' | 'authorityId'>, overrides: Record<string, unknown> = {}) {
  return {
    organizationId: p.baseId,
    authorityOrganizationId: p.authorityId,
    domain: 'artificial_intelligence',
    facilities: [{ name: 'Training centre', description: 'Twelve classrooms and two AI labs with 120 GPU workstations' }],
    faculty: [
      { name: 'Professor Li', title: 'Professor', field: 'machine learning' },
      { name: 'Engineer Wang', title: 'Senior engineer', field: 'computer vision' },
    ],
    evidence: [{ name: 'Site inspection report', reference: 'https://example.org/evidence/site.pdf', sha256: 'a'.repeat(64) }],
    ...overrides,
  };
}

export async function apply(system: TestSystem, who: TestUser, body: Record<string, unknown>) {
  return request(system.baseUrl, 'POST', '/v1/base-accreditations', { headers: who.auth, body });
}

export async function accreditationStep(system: TestSystem, id: string, step: string, who: TestUser, body: unknown = {}) {
  return request(system.baseUrl, 'POST', `/v1/base-accreditations/${id}/${step}`, { headers: who.auth, body });
}

export async function readAccreditation(system: TestSystem, id: string, who: TestUser): Promise<AccreditationView> {
  return (await request<AccreditationView>(system.baseUrl, 'GET', `/v1/base-accreditations/${id}`, { headers: who.auth })).body;
}

/** Waits until the accreditation satisfies `accept` (read by `who`, who sees the details). */
export function waitForAccreditation(system: TestSystem, id: string, who: TestUser, accept: (view: AccreditationView) => boolean, timeoutMs = 60_000) {
  return eventually(() => readAccreditation(system, id, who), accept, { timeoutMs, intervalMs: 250 });
}

/** The open task of a stage (and year). */
export function openTask(view: AccreditationView, stage: string, year = 0): TaskView | undefined {
  return view.tasks?.find((t) => t.stage === stage && t.year === year && t.status === 'open');
}

/** A year of the view (it must be there). */
export function yearOf(view: AccreditationView, year: number): YearView {
  const found = view.years.find((y) => y.year === year);
  if (!found) throw new Error(`no year ${year} in ${JSON.stringify(view.years)}`);
  return found;
}

/** Claims and decides a task as `reviewer`; throws on anything but 200. */
export async function claimAndDecide(system: TestSystem, id: string, taskId: string, reviewer: TestUser, decision: Record<string, unknown>) {
  const claimed = await accreditationStep(system, id, `tasks/${taskId}/claim`, reviewer);
  if (claimed.status !== 200) throw new Error(`claim: ${claimed.status} ${JSON.stringify(claimed.body)}`);
  const decided = await accreditationStep(system, id, `tasks/${taskId}/decision`, reviewer, decision);
  if (decided.status !== 200) throw new Error(`decision: ${decided.status} ${JSON.stringify(decided.body)}`);
  return decided.body;
}

/** From an application to `accredited`: the formal review, the panel, the notice (no objection). */
export async function accreditBase(system: TestSystem, p: AccreditationParties, policy = fastPolicy()): Promise<string> {
  const applied = await apply(system, p.admin, { ...application(p), policy });
  if (applied.status !== 201) throw new Error(`apply: ${applied.status} ${JSON.stringify(applied.body)}`);
  const id: string = applied.body.id;
  let view = await waitForAccreditation(system, id, p.admin, (v) => Boolean(openTask(v, 'formal')));
  await claimAndDecide(system, id, openTask(view, 'formal')!.taskId, p.reviewers[0]!, { decision: 'approve' });
  view = await waitForAccreditation(system, id, p.admin, (v) => v.tasks?.filter((t) => t.stage === 'expert').length === 3);
  const seats = view.tasks.filter((t) => t.stage === 'expert');
  for (const [i, task] of seats.entries()) await claimAndDecide(system, id, task.taskId, p.reviewers[1 + i]!, { decision: 'approve' });
  await waitForAccreditation(system, id, p.admin, (v) => v.status === 'accredited');
  return id;
}
