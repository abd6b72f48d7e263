// Example requests for the base accreditation routes and the programme dashboard, part of
// test/support/route-examples.ts. Organisation A applies to be a base (its staff file reports, the
// rectification, the renewal); the authority is a government organisation G (no matrix caller: only the
// admin resolves objections); reviews are done by an evaluation body E, or by A's reviewers (the matrix
// reviewer among them) for an application of organisation C, where A's reviewers have no conflict of
// interest. Who may take a step is the workflow's rule (workflows/base-accreditation/), which no route
// declaration can say: each step's `expect` names the callers it admits. Accreditations are driven to
// the state an example needs through the workflow's own Updates.
import { randomUUID } from 'node:crypto';
import type { Role } from '../../api/auth/roles';
import {
  type AccreditationPolicy,
  BASE_ACCREDITATION_WORKFLOW,
  baseAccreditationWorkflowId,
  type BaseAccreditationInput,
} from '../../core/base-accreditation/input';
import {
  type AccreditationView,
  type Actor,
  accreditationStatusQuery,
  annualReportUpdate,
  claimTaskUpdate,
  decideTaskUpdate,
  objectUpdate,
} from '../../core/base-accreditation/messages';
import { eventually } from '../support/eventually';
import { createOrganization, createUser } from '../support/parties';
import type { Column, Example, Fixture } from '../support/route-examples';
import { application } from './base-accreditation-fixtures';

const only =
  (...admitted: Role[]) =>
  (column: Column) =>
    column.kind === 'role' && admitted.includes(column.role);
const staffOfA = only('admin', 'secretariat', 'school_coordinator', 'signatory', 'mentor');

/** The government authority G and the evaluation body E with four reviewers. */
function people(fx: Fixture) {
  return fx.once('accreditation-people', async () => {
    const authority = await createOrganization(fx.system.db, 'government', 'Matrix authority');
    const body = await createOrganization(fx.system.db, 'research_institute', 'Matrix evaluation body');
    const reviewers = await Promise.all([1, 2, 3, 4].map(() => createUser(fx.system.db, { organizationId: body.id, roles: ['reviewer'] })));
    return {
      authorityId: authority.id,
      evaluationOrganizationId: body.id,
      reviewers: reviewers.map((r) => ({ userId: r.id, organizationId: body.id, roles: ['reviewer'] })),
    };
  });
}

/** The matrix's reviewer of A (the earliest user of A holding just that role). */
function reviewerOfA(fx: Fixture): Promise<Actor> {
  return fx.once('accreditation-reviewer-a', async () => {
    const found = await fx.system.db.user.findFirst({ where: { organizationId: fx.orgA, roles: { equals: ['reviewer'] } }, orderBy: { createdAt: 'asc' } });
    const id = found?.id ?? (await createUser(fx.system.db, { organizationId: fx.orgA, roles: ['reviewer'] })).id;
    return { userId: id, organizationId: fx.orgA, roles: ['reviewer'] };
  });
}

const handle = (fx: Fixture, id: string) => fx.system.client.workflow.getHandle(baseAccreditationWorkflowId(id));

function view(fx: Fixture, id: string, accept: (v: AccreditationView) => boolean): Promise<AccreditationView> {
  return eventually(() => handle(fx, id).query(accreditationStatusQuery), accept, { timeoutMs: 30_000 });
}

async function start(fx: Fixture, applicant: string, policy: Partial<AccreditationPolicy>): Promise<string> {
  const { authorityId, evaluationOrganizationId } = await people(fx);
  const id = randomUUID();
  const body = application({ baseId: applicant, authorityId });
  const input: BaseAccreditationInput = {
    application: { accreditationId: id, ...body, conflictsOfInterest: [] },
    appliedBy: 'matrix-applicant',
    policy: {
      evaluationOrganizationIds: [evaluationOrganizationId],
      panel: { size: 3, quorum: 3, majority: 'simple' },
      taskDue: 'P1D',
      noticePeriod: 'P1D',
      validity: 'P5Y',
      cycle: 'P1Y',
      reportWithin: 'P1D',
      rectificationWithin: 'P1D',
      marks: { pass: 80, rectification: 60 },
      ...policy,
    },
  };
  await fx.system.client.workflow.start(BASE_ACCREDITATION_WORKFLOW, {
    taskQueue: fx.system.config.temporal.taskQueue,
    workflowId: baseAccreditationWorkflowId(id),
    args: [input],
  });
  return id;
}

async function decideOpen(fx: Fixture, id: string, stage: string, actors: Actor[], decision: { decision?: 'approve'; score?: number }): Promise<void> {
  const v = await view(fx, id, (x) => x.tasks.filter((t) => t.stage === stage && t.status === 'open').length >= actors.length);
  const tasks = v.tasks.filter((t) => t.stage === stage && t.status === 'open');
  for (const [i, actor] of actors.entries()) {
    await handle(fx, id).executeUpdate(claimTaskUpdate, { args: [{ actor, taskId: tasks[i]!.taskId }] });
    await handle(fx, id).executeUpdate(decideTaskUpdate, { args: [{ actor, taskId: tasks[i]!.taskId, ...decision }] });
  }
}

/** Through the formal review and the panel (E's reviewers) to the public notice. */
async function toNotice(fx: Fixture, id: string): Promise<void> {
  const [r1, r2, r3, r4] = (await people(fx)).reviewers;
  await decideOpen(fx, id, 'formal', [r1!], { decision: 'approve' });
  await decideOpen(fx, id, 'expert', [r2!, r3!, r4!], { decision: 'approve' });
  // A short notice may have ended already: the notice's presence is what counts.
  await view(fx, id, (v) => v.notice !== null);
}

/** A's application, accredited; its year ends after `cycle`. */
function accreditedA(fx: Fixture, key: string, cycle = 'P1Y'): Promise<string> {
  return fx.once(`accreditation-a-${key}`, async () => {
    const id = await start(fx, fx.orgA, { noticePeriod: 'PT1S', cycle });
    await toNotice(fx, id);
    // A short year may have ended already: accredited at some point is what counts.
    await view(fx, id, (v) => v.accreditedAt !== null);
    return id;
  });
}

const staffActor = (fx: Fixture): Actor => ({ userId: 'matrix-staff', organizationId: fx.orgA, roles: ['school_coordinator'] });
const declared = { peopleTrained: 10, hoursDelivered: 320, completionRate: 0.9, satisfaction: 88 };

/** A's accreditation with its first year's report due. */
function reportDueA(fx: Fixture): Promise<string> {
  return fx.once('accreditation-report-due', async () => {
    const id = await accreditedA(fx, 'report', 'PT1S');
    await view(fx, id, (v) => v.status === 'report_due');
    return id;
  });
}

/** A's accreditation under rectification (its first year scored 70). */
function rectificationA(fx: Fixture): Promise<string> {
  return fx.once('accreditation-rectification', async () => {
    const id = await accreditedA(fx, 'rectification', 'PT1S');
    await view(fx, id, (v) => v.status === 'report_due');
    await handle(fx, id).executeUpdate(annualReportUpdate, { args: [{ actor: staffActor(fx), year: 1, declared, summary: 'Matrix year' }] });
    await decideOpen(fx, id, 'evaluation', [(await people(fx)).reviewers[0]!], { score: 70 });
    await view(fx, id, (v) => v.status === 'rectification');
    return id;
  });
}

/** C's application in public notice (a day long), with an objection the admin resolves. */
function noticeC(fx: Fixture, key: string): Promise<{ id: string; objectionId: string }> {
  return fx.once(`accreditation-notice-${key}`, async () => {
    const id = await start(fx, fx.orgC, {});
    await toNotice(fx, id);
    const objection = await handle(fx, id).executeUpdate(objectUpdate, {
      args: [{ actor: { userId: 'matrix-objector', organizationId: null, roles: ['candidate'] }, text: 'Matrix objection' }],
    });
    return { id, objectionId: objection.objectionId! };
  });
}

/** C's application in formal review, reviewed by A's reviewers (the matrix reviewer in the pool). */
function formalC(fx: Fixture, key: string, claimed: boolean): Promise<{ id: string; taskId: string }> {
  return fx.once(`accreditation-formal-${key}`, async () => {
    const reviewer = await reviewerOfA(fx);
    const id = await start(fx, fx.orgC, { evaluationOrganizationIds: [fx.orgA] });
    const v = await view(fx, id, (x) => x.tasks.some((t) => t.stage === 'formal'));
    const taskId = v.tasks.find((t) => t.stage === 'formal')!.taskId;
    if (claimed) await handle(fx, id).executeUpdate(claimTaskUpdate, { args: [{ actor: reviewer, taskId }] });
    return { id, taskId };
  });
}

export const baseAccreditationExamples: Record<string, Example> = {
  'POST /v1/base-accreditations': {
    request: async (fx) => ({ path: '/v1/base-accreditations', body: application({ baseId: fx.orgA, authorityId: (await people(fx)).authorityId }) }),
    // Staff of another organisation are refused (403): only the applicant's own staff apply.
    expect: (column, derived) => derived && column.kind !== 'other-organization',
  },
  'GET /v1/base-accreditations': { request: () => ({ path: '/v1/base-accreditations?limit=5' }) },
  'GET /v1/base-accreditations/:id': { request: async (fx) => ({ path: `/v1/base-accreditations/${await accreditedA(fx, 'read')}` }) },
  'GET /v1/base-accreditations/:id/audit': {
    request: async (fx) => ({ path: `/v1/base-accreditations/${await accreditedA(fx, 'read')}/audit` }),
    // The applicant's staff (A) and the admin; A's reviewer is in no pool of A's application (a conflict).
    expect: staffOfA,
  },
  'POST /v1/base-accreditations/:id/tasks/:taskId/claim': {
    request: async (fx) => {
      const { id, taskId } = await formalC(fx, 'claim', false);
      return { path: `/v1/base-accreditations/${id}/tasks/${taskId}/claim` };
    },
    // A's reviewer (in the pool; again: already done); the admin is no reviewer.
    expect: only('reviewer'),
  },
  'POST /v1/base-accreditations/:id/tasks/:taskId/decision': {
    request: async (fx) => {
      const { id, taskId } = await formalC(fx, 'decision', true);
      return { path: `/v1/base-accreditations/${id}/tasks/${taskId}/decision`, body: { decision: 'approve' } };
    },
    expect: only('reviewer'),
  },
  // Anyone signed in but the applicant (C) objects during the notice (at most three each: a bearer and a cookie cell).
  'POST /v1/base-accreditations/:id/objections': {
    request: async (fx) => ({ path: `/v1/base-accreditations/${(await noticeC(fx, 'object')).id}/objections`, body: { text: 'Matrix objection' } }),
  },
  'POST /v1/base-accreditations/:id/objections/:objectionId/resolve': {
    request: async (fx) => {
      const { id, objectionId } = await noticeC(fx, 'resolve');
      return { path: `/v1/base-accreditations/${id}/objections/${objectionId}/resolve`, body: { resolution: 'dismissed', note: 'Matrix resolution' } };
    },
    // The authority's secretariat (G: no matrix caller) and the admin.
    expect: only('admin'),
  },
  'POST /v1/base-accreditations/:id/annual-reports': {
    request: async (fx) => ({ path: `/v1/base-accreditations/${await reportDueA(fx)}/annual-reports`, body: { year: 1, declared, summary: 'Matrix report' } }),
    expect: staffOfA,
  },
  'POST /v1/base-accreditations/:id/rectification': {
    request: async (fx) => ({ path: `/v1/base-accreditations/${await rectificationA(fx)}/rectification`, body: { measures: 'Matrix measures' } }),
    expect: staffOfA,
  },
  'POST /v1/base-accreditations/:id/renewal': {
    request: async (fx) => ({ path: `/v1/base-accreditations/${await accreditedA(fx, 'renewal')}/renewal` }),
    expect: staffOfA,
  },
  'GET /v1/continuing-education/dashboard': { request: () => ({ path: '/v1/continuing-education/dashboard?year=2027' }) },
};
