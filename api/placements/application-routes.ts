// /v1/applications: a student (or the school coordinator for a student of the school) applies for a
// cohort's placements with ranked position preferences. The answer shows, per preference, what the
// placement rules say about the pair, so the school sees eligibility (age, year, guardian, field) at once.
import { z } from 'zod';
import { calendarDate } from '../../workflows/apprenticeship-placement/contract';
import { checkEligibility, isCalendarDate } from '../../core/apprenticeship-placement/rules';
import { hasRole } from '../auth/principal';
import { ConflictProblem, type FieldError, ForbiddenProblem, NotFoundProblem, UnknownReferenceProblem } from '../errors';
import { deterministicId } from '../idempotency';
import { confirmedGuardians } from '../parties/guardians';
import { defineRoute } from '../routing';
import { positionFacts, studentFacts } from './offer';
import { answeredStepsWritten } from '../read-your-write';

const identifier = z.string().trim().min(1).max(128);

export const applicationRequest = z
  .object({
    /** The student; a student applying for themself may leave it out. */
    studentUserId: identifier.optional(),
    cohort: z.string().trim().min(1).max(64),
    yearOfStudy: z.number().int().min(1).max(8),
    /** The 2021 catalogue's major code (专业代码), e.g. "460104". */
    majorCode: z.string().regex(/^\d{4,6}$/, 'a major code is 4 to 6 digits'),
    /** When the user record has no birth date. */
    birthDate: calendarDate.optional(),
    /** A minor's guardian: a person the school linked to the student and who confirmed (POST /v1/students/{id}/guardians); a party to the tripartite agreement. */
    guardianUserId: identifier.optional(),
    schoolMentorUserId: identifier,
    /** Position ids, first choice first. */
    preferences: z
      .array(z.uuid())
      .min(1)
      .max(20)
      .refine((ids) => new Set(ids).size === ids.length, { message: 'a position may be listed once' }),
  })
  .strict();

const eligibilitySchema = z.object({
  positionId: z.string(),
  rank: z.number().int(),
  eligible: z.boolean(),
  violations: z.array(z.object({ ruleId: z.string(), message: z.object({ 'zh-CN': z.string(), en: z.string() }) })),
});
const applicationSchema = z
  .object({
    id: z.string(),
    studentUserId: z.string(),
    schoolOrganizationId: z.string(),
    cohort: z.string(),
    status: z.string(),
    eligibility: z.array(eligibilitySchema),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'PlacementApplication' });

export const applicationRoutes = [
  defineRoute({
    method: 'post',
    path: '/applications',
    summary: 'Apply for placements with ranked position preferences (eligibility per preference in the answer)',
    tags: ['placements'],
    access: {
      roles: ['student', 'school_coordinator'],
      note: "A student applies for themself (else 403); a coordinator for a student of the coordinator's school (else 404).",
    },
    body: applicationRequest,
    bodyExample: {
      studentUserId: '0ccaef4d-a40a-4ad9-91bc-3cd7b76c590e',
      cohort: '2027-spring',
      yearOfStudy: 2,
      majorCode: '460104',
      birthDate: '2008-12-06',
      schoolMentorUserId: 'cc4ffba8-a862-4155-bb79-3c1147f88a15',
      preferences: ['3c79e6b3-373b-4ae1-8ff5-7c5319d9f5b6'],
    },
    responses: { 201: { description: 'Applied', schema: applicationSchema } },
    handler: async ({ body, req, principal, deps }) => {
      const coordinator = hasRole(principal, 'school_coordinator');
      const studentUserId = body.studentUserId ?? principal.userId;
      if (!coordinator && studentUserId !== principal.userId) throw new ForbiddenProblem('A student applies only for themself.');
      const student = await deps.db.user.findUnique({ where: { id: studentUserId } });
      const sameSchool = student?.organizationId != null && (principal.roles.has('admin') || student.organizationId === principal.organizationId);
      if (!student || !student.active || !student.roles.includes('student') || !sameSchool) throw new NotFoundProblem(`Student ${studentUserId}`);
      const schoolOrganizationId = student.organizationId!;

      const errors: FieldError[] = [];
      const birthDate = student.birthDate ? student.birthDate.toISOString().slice(0, 10) : body.birthDate;
      if (!birthDate || !isCalendarDate(birthDate)) errors.push({ path: '/birthDate', message: 'the student has no birth date on record: give one' });
      const [mentor, guardian, guardians, positions] = await Promise.all([
        deps.db.user.findUnique({ where: { id: body.schoolMentorUserId }, select: { organizationId: true, roles: true, active: true } }),
        body.guardianUserId ? deps.db.user.findUnique({ where: { id: body.guardianUserId }, select: { active: true } }) : null,
        confirmedGuardians(deps.db, [studentUserId]),
        deps.db.placementPosition.findMany({ where: { id: { in: body.preferences } } }),
      ]);
      if (!mentor || !mentor.active || mentor.organizationId !== schoolOrganizationId || !mentor.roles.includes('mentor')) {
        errors.push({ path: '/schoolMentorUserId', message: `no active mentor ${body.schoolMentorUserId} in the student's school` });
      }
      const confirmed = guardians.get(studentUserId) ?? [];
      if (body.guardianUserId === studentUserId) errors.push({ path: '/guardianUserId', message: 'a student cannot be their own guardian' });
      else if (body.guardianUserId && (!guardian?.active || !confirmed.includes(body.guardianUserId))) {
        errors.push({ path: '/guardianUserId', message: `${body.guardianUserId} is not a guardian the school linked to the student and who confirmed` });
      }
      const byId = new Map(positions.map((p) => [p.id, p]));
      body.preferences.forEach((id, i) => {
        if (byId.get(id)?.status !== 'open') errors.push({ path: `/preferences/${i}`, message: `no open position ${id}` });
      });
      if (errors.length > 0) throw new UnknownReferenceProblem(errors);

      const id = deterministicId(req, principal);
      const existing = await deps.db.placementApplication.findUnique({ where: { id }, include: { preferences: true } });
      let application = existing;
      if (!application) {
        // A decline answered a moment ago has set its application's status (README "Read your own write").
        await answeredStepsWritten(deps);
        const open = await deps.db.placementApplication.findFirst({
          where: { studentUserId, cohort: body.cohort, status: { in: ['open', 'offered', 'accepted'] } },
          select: { id: true },
        });
        if (open) throw new ConflictProblem(`The student already has an application for cohort ${body.cohort}.`, { applicationId: open.id });
        application = await deps.db.placementApplication.create({
          data: {
            id,
            studentUserId,
            schoolOrganizationId,
            cohort: body.cohort,
            yearOfStudy: body.yearOfStudy,
            majorCode: body.majorCode,
            birthDate: new Date(`${birthDate}T00:00:00Z`),
            guardianUserId: body.guardianUserId ?? null,
            schoolMentorUserId: body.schoolMentorUserId,
            createdBy: principal.userId,
            preferences: { create: body.preferences.map((positionId, i) => ({ rank: i + 1, positionId })) },
          },
          include: { preferences: true },
        });
      }
      const facts = studentFacts(application, confirmed);
      const eligibility = [...application.preferences]
        .sort((a, b) => a.rank - b.rank)
        .map((pref) => {
          const violations = byId.get(pref.positionId) ? checkEligibility(facts, positionFacts(byId.get(pref.positionId)!), deps.config.placement.rules) : [];
          return {
            positionId: pref.positionId,
            rank: pref.rank,
            eligible: violations.length === 0,
            violations: violations.map((v) => ({ ruleId: v.ruleId, message: v.message })),
          };
        });
      return {
        status: 201,
        body: {
          id: application.id,
          studentUserId,
          schoolOrganizationId,
          cohort: application.cohort,
          status: application.status,
          eligibility,
          createdAt: application.createdAt.toISOString(),
        },
      };
    },
  }),
];
