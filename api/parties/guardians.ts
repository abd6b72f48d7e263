// Guardians: a student's parent or legal guardian is a person of their own (a user holding the
// `guardian` role, of no organisation), never the student, linked to the student by the student's school
// (a coordinator) and confirmed by the guardian. Only a confirmed link makes someone the student's
// guardian: eligibility for a placement (workflows/apprenticeship-placement/rules.ts guardianStanding),
// the guardian party of the tripartite agreement, and reading the student's placements.
//
// The seam for invitations by e-mail: today the school links an existing guardian account and the
// guardian confirms with their own token. When people are invited by e-mail, accepting an invitation to
// be a student's guardian creates the account and confirms the link in one step (confirmGuardianLink).
import { z } from 'zod';
import type { Database } from '../../platform/database';
import type { GuardianLink, Prisma } from '../../prisma/generated/client';
import { NotFoundProblem, UnknownReferenceProblem } from '../errors';
import { pageInfo } from '../pagination';
import { resourceId, uniqueViolation } from './common';

export const guardianRelationships = ['parent', 'legal_guardian', 'other'] as const;

export const linkGuardianRequest = z
  .object({
    guardianUserId: resourceId.meta({ description: 'An existing active user holding the guardian role (a person of no organisation), not the student.' }),
    relationship: z.enum(guardianRelationships),
  })
  .strict()
  .meta({ id: 'LinkGuardian' });

export const guardianLinkSchema = z
  .object({
    id: z.string(),
    studentUserId: z.string(),
    guardianUserId: z.string(),
    schoolOrganizationId: z.string(),
    relationship: z.string(),
    status: z.enum(['pending', 'confirmed']),
    linkedBy: z.string(),
    confirmedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'GuardianLink' });

export const guardianLinkListSchema = z.object({ items: z.array(guardianLinkSchema), ...pageInfo }).meta({ id: 'GuardianLinkList' });

export function guardianLinkView(row: GuardianLink): z.infer<typeof guardianLinkSchema> {
  return {
    id: row.id,
    studentUserId: row.studentUserId,
    guardianUserId: row.guardianUserId,
    schoolOrganizationId: row.schoolOrganizationId,
    relationship: row.relationship,
    status: row.status,
    linkedBy: row.linkedBy,
    confirmedAt: row.confirmedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

type Reader = Database | Prisma.TransactionClient;

/** The student as a school sees it: an active user holding the student role, with its school; else null. */
export async function studentOf(db: Reader, studentUserId: string): Promise<{ id: string; organizationId: string } | null> {
  const user = await db.user.findUnique({ where: { id: studentUserId }, select: { id: true, organizationId: true, roles: true, active: true } });
  if (!user || !user.active || !user.roles.includes('student') || user.organizationId === null) return null;
  return { id: user.id, organizationId: user.organizationId };
}

/**
 * The school links a guardian to one of its students (pending until the guardian confirms). A repeat
 * finds the link it made. 422 naming the field: the student themself, a user who is not an active
 * guardian, or a student.
 */
export async function linkGuardian(
  db: Database,
  id: string,
  args: { student: { id: string; organizationId: string }; guardianUserId: string; relationship: string; linkedBy: string },
): Promise<GuardianLink> {
  if (args.guardianUserId === args.student.id) {
    throw new UnknownReferenceProblem([{ path: '/guardianUserId', message: 'a student cannot be their own guardian' }]);
  }
  const guardian = await db.user.findUnique({ where: { id: args.guardianUserId }, select: { active: true, roles: true, organizationId: true } });
  if (!guardian || !guardian.active || !guardian.roles.includes('guardian') || guardian.roles.includes('student')) {
    throw new UnknownReferenceProblem([{ path: '/guardianUserId', message: `no active user ${args.guardianUserId} holding the guardian role` }]);
  }
  try {
    return await db.guardianLink.create({
      data: {
        id,
        studentUserId: args.student.id,
        guardianUserId: args.guardianUserId,
        schoolOrganizationId: args.student.organizationId,
        relationship: args.relationship,
        linkedBy: args.linkedBy,
      },
    });
  } catch (error) {
    if (!uniqueViolation(error)) throw error;
  }
  // The student and guardian are linked already (by this request's first attempt, or before).
  return db.guardianLink.findUniqueOrThrow({
    where: { studentUserId_guardianUserId: { studentUserId: args.student.id, guardianUserId: args.guardianUserId } },
  });
}

/** The guardian confirms a link made for them; anyone else gets 404 (a link is nobody else's business). */
export async function confirmGuardianLink(db: Database, linkId: string, guardianUserId: string): Promise<GuardianLink> {
  const link = await db.guardianLink.findUnique({ where: { id: linkId } });
  if (!link || link.guardianUserId !== guardianUserId) throw new NotFoundProblem('Guardian link');
  if (link.status === 'confirmed') return link;
  return db.guardianLink.update({ where: { id: linkId }, data: { status: 'confirmed', confirmedAt: new Date() } });
}

/** The school removes a link; answers whether there was one. */
export async function removeGuardianLink(db: Database, studentUserId: string, guardianUserId: string): Promise<boolean> {
  const { count } = await db.guardianLink.deleteMany({ where: { studentUserId, guardianUserId } });
  return count > 0;
}

/** Confirmed guardians per student (read with the offers' other facts). */
export { confirmedGuardians } from '../../activities/placement/offers';

/** The students whose confirmed guardian this user is. */
export async function studentsInCareOf(db: Reader, guardianUserId: string): Promise<string[]> {
  const rows = await db.guardianLink.findMany({ where: { guardianUserId, status: 'confirmed' }, select: { studentUserId: true } });
  return rows.map((r) => r.studentUserId);
}
