// What an offer of a position to an applicant is made of, read from the database: the rules' facts about
// the student and the position, the seats already taken, the people's names, and the ApprenticeshipPlacement
// workflow input with the projection row it starts with. Shared by the direct offers and transfers of the
// API and by the matching round's activities (activities/matching-round).
import type { Database } from '../../platform/database';
import type { PlacementApplication, PlacementPosition, Prisma } from '../../prisma/generated/client';
import { nameBasedId } from '../../core/name-based-id';
import {
  type ApprenticeshipPlacementInput,
  type PlacementOrigin,
  type PlacementPolicy,
  placementWorkflowId,
  seatHoldingStatuses,
} from '../../core/apprenticeship-placement/input';
import { guardianStanding, type Insurance, type PlacementRulesPolicy, type PositionFacts } from '../../core/apprenticeship-placement/rules';

/** A client or a transaction's client: inside a transaction every query goes through it. */
export type Reader = Database | Prisma.TransactionClient;

const dateOnly = (d: Date) => d.toISOString().slice(0, 10);

export function positionFacts(p: PlacementPosition): PositionFacts {
  return {
    majorGroups: p.majorGroups,
    startDate: dateOnly(p.startDate),
    endDate: dateOnly(p.endDate),
    dailyHours: p.dailyHours,
    weeklyHours: p.weeklyHours,
    nightWork: p.nightWork,
    stipendMonthly: p.stipendMonthly,
    regularMonthlyWage: p.regularMonthlyWage,
    positionStaff: p.positionStaff,
    enterpriseStaff: p.enterpriseStaff,
  };
}

/** The rules' facts about an applicant; `confirmedGuardianUserIds`: the student's confirmed guardians now. */
export function studentFacts(a: PlacementApplication, confirmedGuardianUserIds: readonly string[]) {
  const guardian = guardianStanding({ studentUserId: a.studentUserId, guardianUserId: a.guardianUserId, confirmedGuardianUserIds });
  return { birthDate: dateOnly(a.birthDate), yearOfStudy: a.yearOfStudy, majorCode: a.majorCode, guardian };
}

/** Confirmed guardians per student. */
export async function confirmedGuardians(db: Reader, studentUserIds: readonly string[]): Promise<Map<string, string[]>> {
  const rows = await db.guardianLink.findMany({
    where: { studentUserId: { in: [...new Set(studentUserIds)] }, status: 'confirmed' },
    select: { studentUserId: true, guardianUserId: true },
  });
  const byStudent = new Map<string, string[]>();
  for (const r of rows) byStudent.set(r.studentUserId, [...(byStudent.get(r.studentUserId) ?? []), r.guardianUserId]);
  return byStudent;
}

/**
 * Seats taken (open offers and running placements) per position and per enterprise, in one query: a
 * placement's enterprise is its position's, so the enterprises' counts per position add up to both.
 */
export async function seatsTaken(db: Reader, positionIds: string[], enterpriseIds: string[]) {
  const rows = await db.placement.groupBy({
    by: ['enterpriseOrganizationId', 'positionId'],
    where: { enterpriseOrganizationId: { in: [...new Set(enterpriseIds)] }, status: { in: [...seatHoldingStatuses] } },
    _count: { _all: true },
  });
  const wanted = new Set(positionIds);
  const position = new Map<string, number>();
  const enterprise = new Map<string, number>();
  for (const r of rows) {
    if (wanted.has(r.positionId)) position.set(r.positionId, (position.get(r.positionId) ?? 0) + r._count._all);
    enterprise.set(r.enterpriseOrganizationId, (enterprise.get(r.enterpriseOrganizationId) ?? 0) + r._count._all);
  }
  return { position, enterprise };
}

/** Serialises capacity decisions per enterprise (offers, rounds, transfers), in id order: no deadlocks. */
export async function lockEnterprises(tx: Prisma.TransactionClient, enterpriseIds: string[]): Promise<void> {
  for (const id of [...new Set(enterpriseIds)].sort()) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`placement-capacity:${id}`}, 0))`;
  }
}

export interface OfferPeople {
  users: Map<string, { id: string; name: string; organizationId: string | null; roles: string[]; active: boolean }>;
  organizations: Map<string, { id: string; name: string }>;
}

/** `db`: the transaction's client when called inside one (a second connection there can wait on the first). */
export async function loadPeople(db: Reader, userIds: string[], organizationIds: string[]): Promise<OfferPeople> {
  const [users, organizations] = await Promise.all([
    db.user.findMany({ where: { id: { in: [...new Set(userIds)] } }, select: { id: true, name: true, organizationId: true, roles: true, active: true } }),
    db.organization.findMany({ where: { id: { in: [...new Set(organizationIds)] } }, select: { id: true, name: true } }),
  ]);
  return { users: new Map(users.map((u) => [u.id, u])), organizations: new Map(organizations.map((o) => [o.id, o])) };
}

/** The people an offer names: the student, their mentors and guardian, the enterprise's mentor. */
export function offerPeopleIds(
  applications: readonly PlacementApplication[],
  positions: readonly PlacementPosition[],
): { userIds: string[]; organizationIds: string[] } {
  return {
    userIds: [
      ...applications.flatMap((a) => [a.studentUserId, a.schoolMentorUserId, ...(a.guardianUserId ? [a.guardianUserId] : [])]),
      ...positions.map((p) => p.mentorUserId),
    ],
    organizationIds: [...applications.map((a) => a.schoolOrganizationId), ...positions.map((p) => p.enterpriseOrganizationId)],
  };
}

/** The workflow input for an offer of `position` to the applicant of `application`. */
export function placementInput(args: {
  placementId: string;
  application: PlacementApplication;
  position: PlacementPosition;
  people: OfferPeople;
  origin: PlacementOrigin;
  offeredBy: string;
  policy: PlacementPolicy;
  rules: PlacementRulesPolicy;
  insurance: Insurance | null;
  /** The application's guardian is the student's confirmed guardian now: only then a party to the agreement. */
  guardianConfirmed: boolean;
}): ApprenticeshipPlacementInput {
  const { application: a, position: p, people } = args;
  const name = (id: string) => people.users.get(id)?.name ?? id;
  const org = (id: string) => ({ organizationId: id, name: people.organizations.get(id)?.name ?? id });
  const facts = { birthDate: dateOnly(a.birthDate) };
  return {
    placementId: args.placementId,
    cohort: a.cohort,
    applicationId: a.id,
    origin: args.origin,
    offeredBy: args.offeredBy,
    student: { userId: a.studentUserId, name: name(a.studentUserId), birthDate: facts.birthDate, yearOfStudy: a.yearOfStudy, majorCode: a.majorCode },
    guardian: a.guardianUserId && args.guardianConfirmed ? { userId: a.guardianUserId, name: name(a.guardianUserId) } : null,
    school: org(a.schoolOrganizationId),
    schoolMentor: { userId: a.schoolMentorUserId, name: name(a.schoolMentorUserId) },
    enterprise: org(p.enterpriseOrganizationId),
    enterpriseMentor: { userId: p.mentorUserId, name: name(p.mentorUserId) },
    position: { positionId: p.id, title: p.title, location: p.location, allianceId: p.allianceId, facts: positionFacts(p) },
    agreementId: nameBasedId(`tripartite-agreement:${args.placementId}`),
    insurance: args.insurance,
    rules: args.rules,
    policy: args.policy,
    carriedOver: null,
  };
}

/** The projection row an offer starts with (the workflow's own records overwrite it, revision > 0). */
export function offeredRow(input: ApprenticeshipPlacementInput, matchingRoundId: string | null): Prisma.PlacementCreateManyInput {
  return {
    id: input.placementId,
    workflowId: placementWorkflowId(input.placementId),
    status: 'offered',
    cohort: input.cohort,
    studentUserId: input.student.userId,
    schoolOrganizationId: input.school.organizationId,
    enterpriseOrganizationId: input.enterprise.organizationId,
    positionId: input.position.positionId,
    applicationId: input.applicationId,
    matchingRoundId,
    schoolMentorUserId: input.schoolMentor.userId,
    enterpriseMentorUserId: input.enterpriseMentor.userId,
    guardianUserId: input.guardian?.userId ?? null,
    agreementId: input.agreementId,
    revision: 0,
  };
}
