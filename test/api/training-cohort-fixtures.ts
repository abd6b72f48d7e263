// Fixtures of the training cohort tests: an accredited base with its staff (the base's standing is
// written by test/support/continuing-education-bases.ts, standing in for the accreditation workflow),
// people to enrol, an offering, and the routes' calls.
import type { BaseStandingStatus } from '../../core/continuing-education/base-standing';
import type { Database } from '../../platform/database';
import { setBaseStanding } from '../support/continuing-education-bases';
import { request } from '../support/http';
import { createOrganization, createUser, type TestUser } from '../support/parties';
import type { TestSystem } from '../support/test-system';

export interface CohortParties {
  baseId: string;
  staff: TestUser;
  employerId: string;
  employerStaff: TestUser;
}

export async function createCohortParties(db: Database, standing: BaseStandingStatus | null = 'accredited'): Promise<CohortParties> {
  const base = await createOrganization(db, 'university', 'Continuing-education base');
  const employer = await createOrganization(db, 'enterprise', 'Employer of trainees');
  if (standing) await setBaseStanding(db, base.id, standing);
  const [staff, employerStaff] = await Promise.all([
    createUser(db, { organizationId: base.id, roles: ['school_coordinator'] }),
    createUser(db, { organizationId: employer.id, roles: ['signatory'] }),
  ]);
  return { baseId: base.id, staff, employerId: employer.id, employerStaff };
}

/** `count` trainees of the employer, in creation order. */
export async function createTrainees(db: Database, employerId: string, count: number): Promise<TestUser[]> {
  const people: TestUser[] = [];
  for (let i = 0; i < count; i++) people.push(await createUser(db, { organizationId: employerId, roles: ['candidate'], name: `Trainee ${i + 1}` }));
  return people;
}

/** Eight 4-hour sessions, four theory then four practice: 16 + 16 planned hours. */
export function offering(overrides: Record<string, unknown> = {}) {
  const sessions = Array.from({ length: 8 }, (_, i) => ({
    number: i + 1,
    date: `2027-03-${String(i + 1).padStart(2, '0')}`,
    module: i < 4 ? 'theory' : 'practice',
    hours: 4,
  }));
  return {
    title: 'Digital technology engineer: artificial intelligence, intermediate',
    project: 'digital_engineer',
    domain: 'artificial_intelligence',
    level: 'intermediate',
    plannedHours: { theory: 16, practice: 16 },
    capacity: 30,
    sessions,
    completion: { attendanceThreshold: 0.8, passMark: 60, issueCredentials: true },
    ...overrides,
  };
}

export async function publishCohort(system: TestSystem, staff: TestUser, body: Record<string, unknown> = offering()) {
  return request(system.baseUrl, 'POST', '/v1/training-cohorts', { headers: staff.auth, body });
}

export async function cohortStep(system: TestSystem, cohortId: string, step: string, who: TestUser, body: unknown) {
  return request(system.baseUrl, 'POST', `/v1/training-cohorts/${cohortId}/${step}`, { headers: who.auth, body });
}
