// Example requests for the placement routes (positions, applications, matching rounds, placements,
// school summary), part of test/support/route-examples.ts. The placements' school is organisation A and
// their enterprise a fresh organisation E, so A's staff (coordinator, mentor, signatory) see them and
// organisation B's users do not (404). Who may take a step is the workflow's rule (state.ts), which no
// route declaration can say: each step's `expect` names the callers it admits.
import { randomUUID } from 'node:crypto';
import type { Role } from '../../api/auth/roles';
import { linkGuardian } from '../../api/parties/guardians';
import { placementWorkflowId } from '../../workflows/apprenticeship-placement/contract';
import { eventually } from '../support/eventually';
import { request } from '../support/http';
import { createOrganization, createUser } from '../support/parties';
import type { Column, Example, Fixture } from '../support/route-examples';
import { birthDateForAge, compliantPosition, todayInBeijing } from '../workflows/placement-fixtures';

const only =
  (...admitted: Role[]) =>
  (column: Column) =>
    column.kind === 'role' && admitted.includes(column.role);
/** Who sees a placement of A: the admin and A's staff. */
const placementSeers = only('admin', 'school_coordinator', 'mentor', 'signatory');

/** Enterprise E with a signatory and a mentor. */
function enterpriseE(fx: Fixture) {
  return fx.once('placement-enterprise', async () => {
    const org = await createOrganization(fx.system.db, 'enterprise', 'Placement matrix enterprise');
    const [signatory, mentor] = await Promise.all([
      createUser(fx.system.db, { organizationId: org.id, roles: ['signatory'] }),
      createUser(fx.system.db, { organizationId: org.id, roles: ['mentor'] }),
    ]);
    return { id: org.id, signatory, mentor };
  });
}

/** A's own people for the fixtures (none of them a matrix caller). */
function peopleOfA(fx: Fixture) {
  return fx.once('placement-people-a', async () => {
    const [coordinator, mentor, signatory] = await Promise.all([
      createUser(fx.system.db, { organizationId: fx.orgA, roles: ['school_coordinator'] }),
      createUser(fx.system.db, { organizationId: fx.orgA, roles: ['mentor'] }),
      createUser(fx.system.db, { organizationId: fx.orgA, roles: ['signatory'] }),
    ]);
    return { coordinator, mentor, signatory };
  });
}

/** An open position at E with plenty of room. */
function positionAtE(fx: Fixture, key = 'main'): Promise<string> {
  return fx.once(`placement-position-${key}`, async () => {
    const e = await enterpriseE(fx);
    const f = compliantPosition();
    const id = randomUUID();
    await fx.system.db.placementPosition.create({
      data: {
        id,
        enterpriseOrganizationId: e.id,
        mentorUserId: e.mentor.id,
        title: `Matrix position ${key}`,
        majorGroups: f.majorGroups,
        skills: [],
        location: 'Shenzhen',
        capacity: 100,
        startDate: new Date(`${f.startDate}T00:00:00Z`),
        endDate: new Date(`${f.endDate}T00:00:00Z`),
        dailyHours: f.dailyHours,
        weeklyHours: f.weeklyHours,
        nightWork: false,
        stipendMonthly: f.stipendMonthly,
        regularMonthlyWage: f.regularMonthlyWage,
        positionStaff: 1000,
        enterpriseStaff: 5000,
        createdBy: 'route-examples',
      },
    });
    return id;
  });
}

/** A new student of A with an open application for the main position. */
async function freshApplication(fx: Fixture): Promise<{ id: string; student: Awaited<ReturnType<typeof createUser>> }> {
  const a = await peopleOfA(fx);
  const student = await createUser(fx.system.db, { organizationId: fx.orgA, roles: ['student'], birthDate: new Date(`${birthDateForAge(19)}T00:00:00Z`) });
  const id = randomUUID();
  await fx.system.db.placementApplication.create({
    data: {
      id,
      studentUserId: student.id,
      schoolOrganizationId: fx.orgA,
      cohort: 'matrix',
      yearOfStudy: 2,
      majorCode: '460104',
      birthDate: new Date(`${birthDateForAge(19)}T00:00:00Z`),
      schoolMentorUserId: a.mentor.id,
      createdBy: 'route-examples',
      preferences: { create: [{ rank: 1, positionId: await positionAtE(fx) }] },
    },
  });
  return { id, student };
}

const slowPolicy = { offerDeadline: 'PT1H', agreementDeadline: 'PT1H', checkInPeriod: 'PT1H', checkInGrace: 'PT0S' };
const insurance = { policyNumber: 'MATRIX-001', insurer: 'PICC' };

/** Waits until the placement's workflow has nothing in flight, so no row changes under a test that watches the tables. */
async function quiet(fx: Fixture, placementId: string, status: string): Promise<void> {
  const handle = fx.system.client.workflow.getHandle(placementWorkflowId(placementId));
  await eventually(
    async () => ({
      row: await fx.system.db.placement.findUnique({ where: { id: placementId }, select: { status: true, revision: true } }),
      pending: (await handle.describe()).raw.pendingActivities?.length ?? 0,
    }),
    (s) => s.row?.status === status && s.row.revision > 0 && s.pending === 0,
    { timeoutMs: 30_000 },
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
}

/** A placement of A's student at E: offered, or accepted, signed and active (PT1H weeks: it stays so). */
function placementOfA(fx: Fixture, key: string, stage: 'offered' | 'active'): Promise<string> {
  return fx.once(`placement-${key}`, async () => {
    const a = await peopleOfA(fx);
    const e = await enterpriseE(fx);
    const application = await freshApplication(fx);
    const offered = await request(fx.system.baseUrl, 'POST', '/v1/placements', {
      headers: a.coordinator.auth,
      body: { applicationId: application.id, positionId: await positionAtE(fx), policy: slowPolicy, insurance },
    });
    if (offered.status !== 201) throw new Error(`fixture offer: ${offered.status} ${JSON.stringify(offered.body)}`);
    const id = offered.body.id as string;
    if (stage === 'offered') {
      await quiet(fx, id, 'offered');
      return id;
    }
    await quiet(fx, id, 'offered');
    const accepted = await request(fx.system.baseUrl, 'POST', `/v1/placements/${id}/accept`, { headers: application.student.auth, body: {} });
    if (accepted.status !== 200) throw new Error(`fixture accept: ${accepted.status} ${JSON.stringify(accepted.body)}`);
    const agreementId = offered.body.agreementId as string;
    const agreement = await eventually(
      () => request(fx.system.baseUrl, 'GET', `/v1/agreements/${agreementId}`, { headers: a.signatory.auth }),
      (r) => r.status === 200 && typeof r.body.documentSha256 === 'string',
    );
    for (const [partyId, signer] of [
      ['school', a.signatory],
      ['enterprise', e.signatory],
      ['student', application.student],
    ] as const) {
      const signed = await request(fx.system.baseUrl, 'POST', `/v1/agreements/${agreementId}/sign`, {
        headers: signer.auth,
        body: { partyId, documentSha256: agreement.body.documentSha256 },
      });
      if (signed.status !== 200) throw new Error(`fixture sign ${partyId}: ${signed.status} ${JSON.stringify(signed.body)}`);
    }
    await fx.system.client.workflow.getHandle(`agreement-${agreementId}`).result();
    await quiet(fx, id, 'active');
    return id;
  });
}

/** An active placement with incident 1 reported. */
function placementWithIncident(fx: Fixture): Promise<string> {
  return fx.once('placement-incident', async () => {
    const id = await placementOfA(fx, 'incident', 'active');
    const a = await peopleOfA(fx);
    const reported = await request(fx.system.baseUrl, 'POST', `/v1/placements/${id}/incidents`, {
      headers: a.coordinator.auth,
      body: { severity: 'low', description: 'A minor cut.' },
    });
    if (reported.status !== 200) throw new Error(`fixture incident: ${reported.status} ${JSON.stringify(reported.body)}`);
    await quiet(fx, id, 'active');
    return id;
  });
}

function roundOfA(fx: Fixture): Promise<string> {
  return fx.once('placement-round', async () => {
    const id = randomUUID();
    await fx.system.db.matchingRound.create({
      data: {
        id,
        schoolOrganizationId: fx.orgA,
        cohort: 'matrix-round',
        seed: 'matrix',
        algorithm: 'student-proposing-deferred-acceptance/single-tie-breaking/v1',
        input: { seed: 'matrix', applicants: [], positions: [], enterpriseInterns: {} },
        result: {
          seed: 'matrix',
          algorithm: 'student-proposing-deferred-acceptance/single-tie-breaking/v1',
          outcomes: [],
          capacities: [],
          matched: 0,
          unmatched: 0,
          proposals: 0,
        },
        applicants: 0,
        positions: 0,
        matched: 0,
        createdBy: 'route-examples',
      },
    });
    return id;
  });
}

export const placementExamples: Record<string, Example> = {
  'POST /v1/positions': {
    request: async (fx) => {
      const a = await peopleOfA(fx);
      const f = compliantPosition();
      return {
        path: '/v1/positions',
        body: {
          enterpriseOrganizationId: fx.orgA,
          mentorUserId: a.mentor.id,
          title: 'Matrix workshop assistant',
          majorGroups: ['46'],
          location: 'Shenzhen',
          capacity: 2,
          startDate: f.startDate,
          endDate: f.endDate,
          dailyHours: 8,
          weeklyHours: 40,
          nightWork: false,
          stipendMonthly: 320_000,
          regularMonthlyWage: 400_000,
          positionStaff: 20,
          enterpriseStaff: 200,
        },
      };
    },
  },
  'GET /v1/positions': { request: () => ({ path: '/v1/positions?majorGroup=46&limit=5' }) },
  'POST /v1/applications': {
    // A coordinator (or the admin) applies for a student of A; a student only for themself (403 here).
    request: async (fx) => {
      const a = await peopleOfA(fx);
      const student = await createUser(fx.system.db, { organizationId: fx.orgA, roles: ['student'] });
      return {
        path: '/v1/applications',
        body: {
          studentUserId: student.id,
          cohort: 'matrix-apply',
          yearOfStudy: 2,
          majorCode: '460104',
          birthDate: birthDateForAge(18),
          schoolMentorUserId: a.mentor.id,
          preferences: [await positionAtE(fx)],
        },
      };
    },
    expect: only('admin', 'school_coordinator'),
  },
  'POST /v1/matching-rounds': {
    request: (fx) => ({ path: '/v1/matching-rounds', body: { schoolOrganizationId: fx.orgA, cohort: `matrix-${randomUUID().slice(0, 8)}`, seed: 'matrix' } }),
  },
  'GET /v1/matching-rounds/:id': { request: async (fx) => ({ path: `/v1/matching-rounds/${await roundOfA(fx)}` }) },
  'POST /v1/placements': {
    request: async (fx) => ({
      path: '/v1/placements',
      body: { applicationId: (await freshApplication(fx)).id, positionId: await positionAtE(fx), policy: slowPolicy },
    }),
  },
  'GET /v1/placements': { request: (fx) => ({ path: `/v1/placements?schoolOrganizationId=${fx.orgA}&limit=5` }) },
  'GET /v1/placements/:id': {
    request: async (fx) => ({ path: `/v1/placements/${await placementOfA(fx, 'read', 'offered')}` }),
    expect: placementSeers,
  },
  // The student's steps: the placement's student is none of the matrix's callers.
  'POST /v1/placements/:id/accept': {
    request: async (fx) => ({ path: `/v1/placements/${await placementOfA(fx, 'read', 'offered')}/accept` }),
    expect: () => false,
  },
  'POST /v1/placements/:id/decline': {
    request: async (fx) => ({ path: `/v1/placements/${await placementOfA(fx, 'read', 'offered')}/decline`, body: { reason: 'Too far from home.' } }),
    expect: () => false,
  },
  'POST /v1/placements/:id/check-ins': {
    request: async (fx) => ({
      path: `/v1/placements/${await placementOfA(fx, 'read', 'offered')}/check-ins`,
      body: { week: 1, days: [{ date: todayInBeijing(), hours: 8 }], tasks: 'Matrix tasks' },
    }),
    expect: () => false,
  },
  // The mentors' step: the placement's mentors are none of the matrix's callers.
  'POST /v1/placements/:id/evaluations': {
    request: async (fx) => ({
      path: `/v1/placements/${await placementOfA(fx, 'read', 'offered')}/evaluations`,
      body: { kind: 'mid_term', score: 80, comments: 'Fine.' },
    }),
    expect: () => false,
  },
  // The school's (and the enterprise's) steps: the admin and A's coordinator.
  'POST /v1/placements/:id/insurance': {
    request: async (fx) => ({
      path: `/v1/placements/${await placementOfA(fx, 'read', 'offered')}/insurance`,
      body: { policyNumber: 'MATRIX-002', insurer: 'PICC' },
    }),
    expect: only('admin', 'school_coordinator'),
  },
  'POST /v1/placements/:id/incidents': {
    request: async (fx) => ({
      path: `/v1/placements/${await placementWithIncident(fx)}/incidents`,
      body: { severity: 'medium', description: 'Matrix incident.' },
    }),
    expect: only('admin', 'school_coordinator'),
  },
  'POST /v1/placements/:id/incidents/:number/resolve': {
    request: async (fx) => ({ path: `/v1/placements/${await placementWithIncident(fx)}/incidents/1/resolve`, body: { resolution: 'Treated on site.' } }),
    expect: only('admin', 'school_coordinator'),
  },
  'POST /v1/placements/:id/terminate': {
    request: async (fx) => ({
      path: `/v1/placements/${await placementOfA(fx, 'terminate', 'offered')}/terminate`,
      body: { reason: 'The enterprise closed the workshop.' },
    }),
    expect: only('admin', 'school_coordinator'),
  },
  'POST /v1/placements/:id/transfer': {
    request: async (fx) => ({
      path: `/v1/placements/${await placementOfA(fx, 'transfer', 'active')}/transfer`,
      body: { positionId: await positionAtE(fx, 'transfer-target'), reason: 'Closer to home.' },
    }),
    expect: only('admin', 'school_coordinator'),
  },
  'GET /v1/schools/:id/placement-summary': { request: (fx) => ({ path: `/v1/schools/${fx.orgA}/placement-summary` }) },

  // Guardian links (api/routes/guardians.ts): A's students, guardians of no organisation.
  'POST /v1/students/:id/guardians': {
    request: async (fx) => ({
      path: `/v1/students/${(await studentOfA(fx, 'link')).id}/guardians`,
      body: { guardianUserId: (await guardianPerson(fx, 'link')).id, relationship: 'parent' },
    }),
  },
  'GET /v1/students/:id/guardians': {
    request: async (fx) => ({ path: `/v1/students/${(await studentOfA(fx, 'list')).id}/guardians` }),
    // A's student caller is another student: a student reads only their own links.
    expect: only('admin', 'school_coordinator'),
  },
  'POST /v1/students/:id/guardians/:guardianUserId/remove': {
    // A fresh link for every cell: each allowed cell removes one.
    request: async (fx) => {
      const student = await createUser(fx.system.db, { organizationId: fx.orgA, roles: ['student'], birthDate: new Date(`${birthDateForAge(17)}T00:00:00Z`) });
      const guardian = await guardianPerson(fx, 'remove');
      await linkGuardian(fx.system.db, randomUUID(), {
        student: { id: student.id, organizationId: fx.orgA },
        guardianUserId: guardian.id,
        relationship: 'parent',
        linkedBy: 'route-examples',
      });
      return { path: `/v1/students/${student.id}/guardians/${guardian.id}/remove` };
    },
  },
  'GET /v1/guardian-links': { request: () => ({ path: '/v1/guardian-links' }) },
  'POST /v1/guardian-links/:id/confirm': {
    request: async (fx) => {
      const id = await fx.once('guardian-link-confirm', async () => {
        // The matrix's own guardian caller is the guardian the link names (elsewhere, one made here).
        const found = await fx.system.db.user.findFirst({ where: { organizationId: fx.orgA, roles: { equals: ['guardian'] } }, orderBy: { createdAt: 'asc' } });
        const guardian = found ?? (await createUser(fx.system.db, { organizationId: fx.orgA, roles: ['guardian'] }));
        const student = await studentOfA(fx, 'confirm');
        const link = await linkGuardian(fx.system.db, randomUUID(), {
          student: { id: student.id, organizationId: fx.orgA },
          guardianUserId: guardian.id,
          relationship: 'parent',
          linkedBy: 'route-examples',
        });
        return link.id;
      });
      return { path: `/v1/guardian-links/${id}/confirm` };
    },
    expect: only('guardian'),
  },
};

function studentOfA(fx: Fixture, key: string) {
  return fx.once(`guardian-student-${key}`, () =>
    createUser(fx.system.db, { organizationId: fx.orgA, roles: ['student'], birthDate: new Date(`${birthDateForAge(17)}T00:00:00Z`) }),
  );
}

function guardianPerson(fx: Fixture, key: string) {
  return fx.once(`guardian-person-${key}`, () => createUser(fx.system.db, { organizationId: null, roles: ['guardian'] }));
}
