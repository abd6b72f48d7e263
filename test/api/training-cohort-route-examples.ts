// Example requests for the training cohort and hours ledger routes, part of test/support/route-examples.ts.
// Organisation A is the base (its standing written by the fixture that stands in for the accreditation
// workflow). A's staff (secretariat, coordinator, mentor, signatory) run its cohorts; anyone signed in
// sees a cohort and enrols themselves; a person's ledger is read by them, their organisation's staff
// and admins. Who may take a step is the workflow's rule (workflows/training-cohort/state.ts): each
// step's `expect` names the callers it admits.
import type { Role } from '../../api/auth/roles';
import { setBaseStanding } from '../support/continuing-education-bases';
import { request } from '../support/http';
import { createUser, type TestUser } from '../support/parties';
import type { Column, Example, Fixture } from '../support/route-examples';
import { offering } from './training-cohort-fixtures';

const only =
  (...admitted: Role[]) =>
  (column: Column) =>
    column.kind === 'role' && admitted.includes(column.role);
/** The base's staff and the admin. */
const baseStaff = only('admin', 'secretariat', 'school_coordinator', 'mentor', 'signatory');

function staffOfA(fx: Fixture): Promise<TestUser> {
  return fx.once('cohort-staff-a', async () => {
    await setBaseStanding(fx.system.db, fx.orgA, 'accredited');
    return createUser(fx.system.db, { organizationId: fx.orgA, roles: ['school_coordinator'] });
  });
}

async function traineeOfA(fx: Fixture): Promise<TestUser> {
  return createUser(fx.system.db, { organizationId: fx.orgA, roles: ['candidate'] });
}

/** A cohort of base A, open, with room for everyone. */
function cohortOfA(fx: Fixture, key: string): Promise<string> {
  return fx.once(`cohort-${key}`, async () => {
    const staff = await staffOfA(fx);
    const published = await request(fx.system.baseUrl, 'POST', '/v1/training-cohorts', { headers: staff.auth, body: offering({ capacity: 5000 }) });
    if (published.status !== 201) throw new Error(`cohort not published: ${published.status} ${JSON.stringify(published.body)}`);
    return published.body.id as string;
  });
}

async function enrolled(fx: Fixture, cohortId: string): Promise<TestUser> {
  const person = await traineeOfA(fx);
  const answer = await request(fx.system.baseUrl, 'POST', `/v1/training-cohorts/${cohortId}/enrolments`, { headers: person.auth, body: {} });
  if (answer.status !== 200) throw new Error(`not enrolled: ${answer.status}`);
  return person;
}

/** The steps cohort, with one person whose session 1 is recorded (4 h) and one to assess. */
function stepsCohort(fx: Fixture) {
  return fx.once('cohort-steps', async () => {
    const id = await cohortOfA(fx, 'steps');
    const staff = await staffOfA(fx);
    const [attended, assessed, stays] = [await enrolled(fx, id), await enrolled(fx, id), await enrolled(fx, id)];
    await request(fx.system.baseUrl, 'POST', `/v1/training-cohorts/${id}/attendance`, {
      headers: staff.auth,
      body: { session: 1, records: [{ userId: attended.id, present: true }] },
    });
    return { id, attended, assessed, stays };
  });
}

export const trainingCohortExamples: Record<string, Example> = {
  'POST /v1/training-cohorts': {
    request: async (fx) => {
      await staffOfA(fx);
      return { path: '/v1/training-cohorts', body: { ...offering(), baseOrganizationId: fx.orgA } };
    },
    // Staff of another organisation are refused (403): only the base's own staff publish.
    expect: (column, derived) => derived && column.kind !== 'other-organization',
  },
  'GET /v1/training-cohorts': { request: () => ({ path: '/v1/training-cohorts' }) },
  'GET /v1/training-cohorts/:id': { request: async (fx) => ({ path: `/v1/training-cohorts/${await cohortOfA(fx, 'read')}` }) },
  // Everyone signed in enrols themselves (a repeat answers alreadyDone).
  'POST /v1/training-cohorts/:id/enrolments': { request: async (fx) => ({ path: `/v1/training-cohorts/${await cohortOfA(fx, 'read')}/enrolments`, body: {} }) },
  'POST /v1/training-cohorts/:id/withdrawals': {
    request: async (fx) => {
      const { id } = await stepsCohort(fx);
      const person = await enrolled(fx, id);
      return { path: `/v1/training-cohorts/${id}/withdrawals`, body: { userId: person.id, reason: 'Matrix withdrawal' } };
    },
    // The base's staff (A's staff are also the person's organisation's) and the admin.
    expect: baseStaff,
  },
  'POST /v1/training-cohorts/:id/attendance': {
    request: async (fx) => {
      const { id, attended } = await stepsCohort(fx);
      return { path: `/v1/training-cohorts/${id}/attendance`, body: { session: 1, records: [{ userId: attended.id, present: true }] } };
    },
    expect: baseStaff,
  },
  'POST /v1/training-cohorts/:id/corrections': {
    request: async (fx) => {
      const { id, attended } = await stepsCohort(fx);
      return { path: `/v1/training-cohorts/${id}/corrections`, body: { session: 1, userId: attended.id, hours: 3, reason: 'Matrix correction' } };
    },
    expect: baseStaff,
  },
  'POST /v1/training-cohorts/:id/assessments': {
    request: async (fx) => {
      const { id, assessed } = await stepsCohort(fx);
      return { path: `/v1/training-cohorts/${id}/assessments`, body: { results: [{ userId: assessed.id, score: 75 }] } };
    },
    expect: baseStaff,
  },
  'GET /v1/hours-ledgers/:userId': {
    request: async (fx) => ({ path: `/v1/hours-ledgers/${(await stepsCohort(fx)).attended.id}` }),
    expect: baseStaff,
  },
  'GET /v1/hours-ledgers/:userId/verify': {
    request: async (fx) => ({ path: `/v1/hours-ledgers/${(await stepsCohort(fx)).attended.id}/verify` }),
    expect: baseStaff,
  },
};
