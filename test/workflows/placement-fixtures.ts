// Fixtures for the placement tests: the parties of a placement (school, enterprise, their people) in the
// database, a compliant position, and a workflow input with PT1S-scale policy durations.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Database } from '../../platform/database';
import { signUpdate, statusQuery as agreementStatusQuery, agreementWorkflowId } from '../../workflows/agreement-signing/contract';
import { type ApprenticeshipPlacementInput, defaultPlacementPolicy, type PlacementPolicy } from '../../workflows/apprenticeship-placement/contract';
import { defaultRulesPolicy, type PositionFacts } from '../../core/apprenticeship-placement/rules';
import { linkConfirmedGuardian } from '../support/guardians';
import { createOrganization, createUser, type TestUser } from '../support/parties';

/** Today in Beijing, the placement calendar's day. */
export function todayInBeijing(offsetDays = 0): string {
  return new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** A birth date that makes someone `years` old today (and not a day more). */
export function birthDateForAge(years: number): string {
  const today = todayInBeijing();
  return `${Number(today.slice(0, 4)) - years}${today.slice(4)}`;
}

export interface PlacementParties {
  school: { id: string; name: string };
  enterprise: { id: string; name: string };
  coordinator: TestUser;
  schoolMentor: TestUser;
  schoolSignatory: TestUser;
  enterpriseMentor: TestUser;
  enterpriseSignatory: TestUser;
  student: TestUser;
  guardian: TestUser;
}

export async function createPlacementParties(db: Database, options: { studentAge?: number } = {}): Promise<PlacementParties> {
  const school = await createOrganization(db, 'secondary_vocational_school');
  const enterprise = await createOrganization(db, 'enterprise');
  const [coordinator, schoolMentor, schoolSignatory, enterpriseMentor, enterpriseSignatory, student, guardian] = await Promise.all([
    createUser(db, { organizationId: school.id, roles: ['school_coordinator'], name: 'Coordinator Wang' }),
    createUser(db, { organizationId: school.id, roles: ['mentor'], name: 'Teacher Li' }),
    createUser(db, { organizationId: school.id, roles: ['signatory'], name: 'Principal Zhao' }),
    createUser(db, { organizationId: enterprise.id, roles: ['mentor'], name: 'Engineer Chen' }),
    createUser(db, { organizationId: enterprise.id, roles: ['signatory'], name: 'HR Director Sun' }),
    createUser(db, {
      organizationId: school.id,
      roles: ['student'],
      name: 'Student Zhang',
      birthDate: new Date(`${birthDateForAge(options.studentAge ?? 19)}T00:00:00Z`),
    }),
    createUser(db, { organizationId: null, roles: ['guardian'], name: 'Guardian Zhang' }),
  ]);
  // The school links the guardian and the guardian confirms: only then may the application name them.
  await linkConfirmedGuardian(db, student.id, guardian.id);
  return {
    school: { id: school.id, name: school.name },
    enterprise: { id: enterprise.id, name: enterprise.name },
    coordinator,
    schoolMentor,
    schoolSignatory,
    enterpriseMentor,
    enterpriseSignatory,
    student,
    guardian,
  };
}

export function compliantPosition(overrides: Partial<PositionFacts> = {}): PositionFacts {
  return {
    majorGroups: ['46'],
    startDate: todayInBeijing(),
    endDate: todayInBeijing(120),
    dailyHours: 8,
    weeklyHours: 40,
    nightWork: false,
    stipendMonthly: 360_000,
    regularMonthlyWage: 400_000,
    positionStaff: 50,
    enterpriseStaff: 500,
    ...overrides,
  };
}

/** PT1S-scale: a week is `week`, the agreement has half a minute. */
export function fastPolicy(week = 'PT1S', overrides: Partial<PlacementPolicy> = {}): PlacementPolicy {
  return {
    ...defaultPlacementPolicy,
    offerDeadline: 'PT30S',
    agreementDeadline: 'PT30S',
    agreementReminders: undefined,
    checkInPeriod: week,
    checkInGrace: 'PT0S',
    weeks: 8,
    missedCheckInsToEscalate: 2,
    continueAsNewEveryWeeks: 3,
    ...overrides,
  };
}

export function placementInput(
  p: PlacementParties,
  options: { birthDate?: string; guardian?: boolean; policy?: PlacementPolicy; insurance?: boolean } = {},
): ApprenticeshipPlacementInput {
  const placementId = randomUUID();
  return {
    placementId,
    cohort: '2027-spring',
    applicationId: null,
    origin: { kind: 'direct_offer' },
    offeredBy: p.coordinator.id,
    student: { userId: p.student.id, name: 'Student Zhang', birthDate: options.birthDate ?? birthDateForAge(19), yearOfStudy: 2, majorCode: '460104' },
    guardian: options.guardian ? { userId: p.guardian.id, name: 'Guardian Zhang' } : null,
    school: { organizationId: p.school.id, name: p.school.name },
    schoolMentor: { userId: p.schoolMentor.id, name: 'Teacher Li' },
    enterprise: { organizationId: p.enterprise.id, name: p.enterprise.name },
    enterpriseMentor: { userId: p.enterpriseMentor.id, name: 'Engineer Chen' },
    position: { positionId: randomUUID(), title: 'CNC machining assistant', location: 'Shenzhen', allianceId: null, facts: compliantPosition() },
    agreementId: randomUUID(),
    insurance: options.insurance === false ? null : { policyNumber: 'PICC-2027-0001', insurer: 'PICC' },
    rules: defaultRulesPolicy,
    policy: options.policy ?? fastPolicy(),
    carriedOver: null,
  };
}

export const actorOf = (user: TestUser, roles: string[]) => ({ userId: user.id, organizationId: user.organizationId, roles });

/** Signs the tripartite agreement for the given parties, straight through the agreement workflow. */
export async function signTripartite(
  client: Client,
  agreementId: string,
  p: PlacementParties,
  parties: ('school' | 'enterprise' | 'student' | 'guardian')[],
): Promise<void> {
  const handle = client.workflow.getHandle(agreementWorkflowId(agreementId));
  const { documentSha256 } = await handle.query(agreementStatusQuery);
  const actors = {
    school: actorOf(p.schoolSignatory, ['signatory']),
    enterprise: actorOf(p.enterpriseSignatory, ['signatory']),
    student: actorOf(p.student, ['student']),
    guardian: actorOf(p.guardian, []),
  };
  for (const partyId of parties) {
    await handle.executeUpdate(signUpdate, { args: [{ actor: actors[partyId], partyId, documentSha256 }] });
  }
}
